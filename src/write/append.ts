/**
 * Appending an entry to a file: a blank line before it (as the format
 * wants), its lines in the file's line ending, and a check that its text
 * cannot split into two entries.
 */
import { InputError } from '../errors.js';
import { HEADER } from '../syntax/patterns.js';
import type { FileState, Patch } from './edit.js';

/**
 * Refuses text whose lines would be read as a second entry: a header line
 * after a blank line.
 */
export function checkBody(lines: string[], what: string): void {
  for (let i = 1; i < lines.length; i++) {
    if (lines[i - 1]!.trim() === '' && HEADER.test(lines[i]!)) {
      throw new InputError(`${what}: line ${i + 1} ("${lines[i]}") follows a blank line, so it would start a new entry`, 'expected the body of one entry: remove the blank line before it, or indent it; nothing was written');
    }
  }
}

/** The patch that appends an entry (its lines, header first) at the end of the file. */
export function appendEntry(state: FileState, lines: string[]): Patch {
  const { bytes, eol } = state;
  const end = bytes.length;
  let before = '';
  if (end > 0) {
    const endsWithLine = bytes[end - 1] === 10 || bytes[end - 1] === 13;
    // Is the last line blank? Look at what precedes the final line ending.
    let i = end - 1;
    if (bytes[i] === 10) i--;
    if (i >= 0 && bytes[i] === 13) i--;
    const lastLineBlank = endsWithLine && (i < 0 || bytes[i] === 10 || bytes[i] === 13);
    before = !endsWithLine ? eol + eol : lastLineBlank ? '' : eol;
  }
  return { from: end, to: end, text: before + lines.join(eol) + eol };
}

/** Splits text into lines, whatever its line endings; a final line ending adds no empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
