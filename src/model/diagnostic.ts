/**
 * Diagnostics: what `daybook check` reports. Codes are stable strings that
 * users and tests can match; the message says what was expected.
 */

/** How bad a finding is: only errors make `daybook check` exit 1. */
export type Severity = 'error' | 'warning' | 'info';

/** Every code daybook reports, with its severity. */
export const CODES = {
  'encoding-invalid': 'error',
  'file-binary': 'error',
  'moment-invalid': 'error',
  'merge-conflict': 'error',
  'journal-empty': 'warning',
  'write-cut-short': 'warning',
  'conflict-copy': 'warning',
  'ref-dangling': 'warning',
  'ref-ambiguous': 'warning',
  'ref-item-missing': 'warning',
  'entry-out-of-order': 'warning',
  'entry-duplicate-moment': 'warning',
  'time-span-no-start': 'warning',
  'task-duration-mismatch': 'warning',
  'task-outside-session': 'warning',
  'logged-over-presence': 'warning',
  'outline-number-jump': 'warning',
  'mail-date-after-entry': 'warning',
  'time-span-open': 'info',
  'outline-level-skip': 'info',
  'entry-untitled': 'info',
  'thread-gap': 'info',
  'mail-date-year': 'info',
} as const satisfies Record<string, Severity>;

/** A diagnostic code. */
export type Code = keyof typeof CODES;

/** One finding, at a span of one file. */
export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  /** The file's path as the user named it. */
  file: string;
  from: number;
  to: number;
}

/** Makes a diagnostic with the severity its code has. */
export function diagnostic(code: Code, file: string, from: number, to: number, message: string): Diagnostic {
  return { code, severity: CODES[code], message, file, from, to };
}

/** Where a reader puts its findings: the span is in the file being read. */
export interface Reporter {
  report(code: Code, span: { from: number; to: number }, message: string): void;
}
