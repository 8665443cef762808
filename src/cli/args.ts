/**
 * Flag parsing for the commands, on node's `util.parseArgs`, with usage errors
 * that name the flag and point at `daybook help COMMAND`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { didYouMean } from '../query/nearest.js';
import type { Io } from './io.js';
import { conventional, type JsonOptions } from './json.js';

/** The flags a command takes, as `util.parseArgs` reads them. */
export type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

/** Flags every command that reads the journal takes. */
export const JOURNAL_OPTIONS = {
  journal: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** The parsed flags of a command: strings for string options, booleans for the others. */
export interface Flags<O> {
  values: { [K in keyof O]?: O[K] extends { type: 'string' } ? string : boolean };
  positionals: string[];
}

/** Parses a command's flags; unknown flags and missing values become usage errors. */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: O): Flags<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as unknown as Flags<O>;
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown flag');
    const unknown = /^unknown flag '(-[^']*)'/.exec(message)?.[1];
    const names = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
    const near = unknown?.startsWith('--') ? didYouMean(unknown, names, (s) => s) : undefined;
    throw new UsageError(`${command}: ${message}${near ? `; ${near}` : ''}`, `see "daybook help ${command}"`);
  }
}

/**
 * Parses a command's flags, or prints its help and returns undefined when
 * `--help` is given (the command then exits 0).
 */
export function flagsOrHelp<O extends NonNullable<ParseArgsConfig['options']> & { help: { type: 'boolean' } }>(command: string, args: string[], options: O, help: string, io: Io): Flags<O> | undefined {
  const flags = parseFlags(command, args, options);
  if (!(flags.values as { help?: boolean }).help) return flags;
  io.stdout.write(help + '\n');
  return undefined;
}

/** Prints a command's answer as indented JSON, by the one convention of `--json` (see `json.ts`). */
export function printJson(io: Io, value: unknown, how: Omit<JsonOptions, 'cwd'>): void {
  io.stdout.write(JSON.stringify(conventional(value, { ...how, cwd: io.cwd }), null, 2) + '\n');
}
