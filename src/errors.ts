/**
 * The few error classes daybook throws on bad input. One top-level catch in
 * the CLI prints `daybook: <message>` and exits with the error's code; the
 * message says what was expected and shows an example.
 */

/** Bad input from the user: a path, a date, a config value, a flag. Exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
  readonly exitCode: number = 2;
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** The command line itself is wrong: unknown command or flag, missing argument. Exit code 2. */
export class UsageError extends InputError {
  override name = 'UsageError';
}

/** A write that daybook refuses, to keep the user's bytes. Exit code 3. */
export class RefusedWriteError extends Error {
  override name = 'RefusedWriteError';
  readonly exitCode: number = 3;
}
