/**
 * The few error classes daybook throws. One top-level catch in the CLI prints
 * `daybook: <message>` (and the hint, indented) and exits with the error's
 * code; the message says what was expected and shows an example.
 */

/** An error meant for the user, with the exit code it ends the command with. */
export class DaybookError extends Error {
  override name = 'DaybookError';
  constructor(
    message: string,
    /** What to do instead, with an example. */
    readonly hint?: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Bad input from the user: a path, a date, a config value, a flag. Exit code 2. */
export class InputError extends DaybookError {
  override name = 'InputError';
}

/** The command line itself is wrong: unknown command or flag, missing argument. Exit code 2. */
export class UsageError extends InputError {
  override name = 'UsageError';
}

/** A reference that names no entry or item, or more than one. Exit code 1. */
export class NotFoundError extends DaybookError {
  override name = 'NotFoundError';
  constructor(message: string, hint?: string) {
    super(message, hint, 1);
  }
}

/** A write that daybook refuses, to keep the user's bytes. Exit code 3. */
export class RefusedWriteError extends DaybookError {
  override name = 'RefusedWriteError';
  constructor(message: string, hint?: string) {
    super(message, hint, 3);
  }
}
