/**
 * Which file of a journal of several files a write goes to when none is
 * named: the newest, judged by the moment of each file's last entry.
 */
import fs from 'node:fs';
import { readMoment } from '../model/moment.js';
import { parseBytes } from '../syntax/bytes.js';
import { HEADER } from '../syntax/patterns.js';

/** The moment code of a file's last entry, or -Infinity. */
function lastMoment(file: string): number {
  const { doc, binary } = parseBytes(fs.readFileSync(file));
  if (binary) return -Infinity;
  const last = [...doc.chunks].reverse().find((c) => !c.preamble);
  if (!last) return -Infinity;
  const line = doc.chunkText(last).slice(last.from, last.to).split(/\r?\n/, 1)[0]!;
  const m = HEADER.test(line) ? readMoment(line) : undefined;
  return m?.valid ? m.code : -Infinity;
}

/**
 * The file a write goes to when none is named: the one whose last entry is
 * latest (the last in path order when none has entries). `daybook new`,
 * `daybook gtd` and the language server's commands choose with it.
 */
export function newestFile(files: string[]): string {
  let best = files[files.length - 1]!;
  if (files.length > 1) {
    let bestMoment = -Infinity;
    for (const f of files) {
      const m = lastMoment(f);
      if (m >= bestMoment) {
        bestMoment = m;
        best = f;
      }
    }
  }
  return best;
}
