/**
 * Writing imported entries into one file: each goes before the first entry
 * of the file that is later than it (or at the end), so the file stays in
 * time order; existing entries are never changed, only text put between
 * them. An entry already in the journal (the same moment and the same text,
 * trailing spaces and blank lines aside) is not added again; one whose
 * moment another entry holds is not added either (two entries at one moment
 * make references ambiguous), and is reported.
 */
import { readMoment } from '../model/moment.js';
import { HEADER } from '../syntax/patterns.js';
import { appendEntry, splitLines } from './append.js';
import { formatHeader, momentStyle, type MomentStyle } from './clock.js';
import type { FileState, Patch } from './edit.js';
import type { Now } from '../calendar/clock.js';

/** An entry to place: its moment's code, its lines in the file's style (header first), and its key. */
export interface PlannedEntry {
  code: number;
  moment: Now;
  /** The lines after the header: title and body (for the key, and to write). */
  rest: string[];
  /** The header as the source wrote it (a JSON export keeps its own); else written in the file's style. */
  header?: string;
  source: string;
}

/** What an import found when it planned one file. */
export interface FilePlan {
  patches: Patch[];
  added: PlannedEntry[];
  /** Already in the journal (the same moment and text). */
  present: PlannedEntry[];
  /** Not added: another entry holds the moment. */
  taken: PlannedEntry[];
}

/** The key that recognises an entry already imported: its moment and its text after the header, trailing spaces and blank lines aside. */
export function entryKey(code: number, rest: string[]): string {
  const lines = rest.map((l) => l.replace(/\s+$/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${code}\n${lines.join('\n')}`;
}

/** The key of an entry as written in a file (its text, header first). */
export function keyOfText(text: string): { code?: number; key?: string } {
  const lines = splitLines(text);
  const head = lines[0] ?? '';
  const m = HEADER.test(head) ? readMoment(head) : undefined;
  if (!m?.valid) return {};
  return { code: m.code, key: entryKey(m.code, lines.slice(1)) };
}

/** The header of an entry in a file's style. */
function headerOf(e: PlannedEntry, style: MomentStyle): string {
  return e.header ?? formatHeader(e.moment, style);
}

/**
 * The patches that put `entries` into the file. `known` holds the keys of
 * entries elsewhere in the journal and `codes` the moments they take; this
 * file's own are read from it as it is now.
 */
export function planImport(state: FileState, entries: PlannedEntry[], known: Set<string>, codes: Set<number>): FilePlan {
  const style = momentStyle(state.doc);
  const chunks: { code?: number; byteFrom: number }[] = [];
  const keys = new Set(known);
  const taken = new Set(codes);
  state.doc.forEachChunk((chunk, text) => {
    if (chunk.preamble) return;
    const k = keyOfText(text.slice(chunk.from, chunk.to));
    if (k.key) keys.add(k.key);
    if (k.code !== undefined) taken.add(k.code);
    chunks.push({ ...(k.code !== undefined ? { code: k.code } : {}), byteFrom: chunk.byteFrom! });
  });
  const plan: FilePlan = { patches: [], added: [], present: [], taken: [] };
  // Where each goes: before the first entry of the file that is later, else at the end.
  const at = new Map<number, PlannedEntry[]>();
  const sorted = [...entries].sort((a, b) => a.code - b.code);
  for (const e of sorted) {
    const key = entryKey(e.code, e.rest);
    if (keys.has(key)) {
      plan.present.push(e);
      continue;
    }
    if (taken.has(e.code)) {
      plan.taken.push(e);
      continue;
    }
    keys.add(key);
    taken.add(e.code);
    plan.added.push(e);
    const next = chunks.find((c) => c.code !== undefined && c.code > e.code);
    const where = next ? next.byteFrom : -1;
    at.set(where, [...(at.get(where) ?? []), e]);
  }
  const eol = state.eol;
  for (const [where, list] of at) {
    const lines = list.flatMap((e, i) => [...(i ? [''] : []), headerOf(e, style), ...e.rest]);
    if (where < 0) plan.patches.push(appendEntry(state, lines));
    else plan.patches.push({ from: where, to: where, text: lines.join(eol) + eol + eol });
  }
  plan.patches.sort((a, b) => a.from - b.from);
  return plan;
}
