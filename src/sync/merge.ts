/**
 * The entry-aware merge of three versions of a journal file (a git merge
 * driver's BASE, OURS and THEIRS), and the two-way merge of a conflict copy.
 *
 * Entries are matched by moment (and rank, for entries that share one).
 * Entries added on either side are all kept; where the file is in time
 * order, additions of both sides in the same place are put in time order. An
 * entry changed on one side takes that change; one changed on both sides is
 * merged line by line (node-diff3), and where the same lines differ, git's
 * conflict markers enclose only those lines, inside that entry. Everything
 * else is joined from the versions' own bytes: nothing is re-encoded, so line
 * endings and bytes that are not UTF-8 stay as they were.
 */
import { diff3Merge, diffComm } from 'node-diff3';
import { countBreaks, cutUnits, endsWithBlankLine, endsWithBreak, PREAMBLE, splitLines, type Cut, type Unit } from './units.js';

/** One place where the merge could not decide. */
export interface MergeConflict {
  /** The entry's moment (`2013-02-16 11:07`), or `preamble`. */
  entry: string;
  /** 1-based line of the `<<<<<<<` marker in the result. */
  line: number;
  /** Lines between the markers: ours, then theirs. */
  ours: number;
  theirs: number;
}

/** What a merge gives. */
export interface MergeResult {
  /** The merged file. */
  bytes: Buffer;
  conflicts: MergeConflict[];
  /** Moments of entries added by each side, and of entries both changed and merged. */
  added: { ours: string[]; theirs: string[] };
  changed: string[];
}

/** The labels written after the markers. */
export interface Labels {
  ours: string;
  theirs: string;
}

const DEFAULT_LABELS: Labels = { ours: 'ours', theirs: 'theirs' };

/** A unit of the result, before it is joined. */
interface Piece {
  key: string;
  order: number;
  /** The bytes, with conflict markers where they are. */
  core: Buffer;
  tail: Buffer;
  conflicts: Omit<MergeConflict, 'line'>[];
  /** Which side it comes from when only one side has it ('ours', 'theirs'), else 'both'. */
  from: 'ours' | 'theirs' | 'both';
  /** True for an entry not in the base. */
  added: boolean;
  /** Where the `<<<<<<<` lines are in `core` (line indexes). */
  markerLines: number[];
}

/**
 * Merges three versions of a journal file. Never throws on any bytes;
 * a file with NUL bytes is not merged (the caller leaves a conflict).
 *
 * ```ts
 * const r = mergeJournal(base, ours, theirs);
 * r.conflicts.length === 0; // clean: r.bytes is the merged file
 * ```
 */
export function mergeJournal(base: Buffer, ours: Buffer, theirs: Buffer, labels: Labels = DEFAULT_LABELS): MergeResult {
  return merge(cutUnits(base), cutUnits(ours), cutUnits(theirs), labels);
}

/**
 * Merges a conflict copy into its file without a base: entries only in the
 * copy are added, the same moment with different text gets conflict markers
 * around the lines that differ.
 */
export function mergeTwoWay(file: Buffer, copy: Buffer, labels: Labels = DEFAULT_LABELS): MergeResult {
  return merge(undefined, cutUnits(file), cutUnits(copy), labels);
}

function merge(b: Cut | undefined, o: Cut, t: Cut, labels: Labels): MergeResult {
  const bMap = b ? byKey(b.units) : new Map<string, Unit>();
  const tMap = byKey(t.units);
  const eol = o.units.length > 0 ? o.eol : t.eol;
  const added = { ours: [] as string[], theirs: [] as string[] };
  const changed: string[] = [];

  // The result in ours' order, entries ours has.
  const pieces: Piece[] = [];
  for (const ou of o.units) {
    const bu = bMap.get(ou.key);
    const tu = tMap.get(ou.key);
    let piece: Piece | undefined;
    if (bu) piece = tu ? merged(bu, ou, tu, eol, labels, changed) : deletedBy('theirs', bu, ou, eol, labels);
    else if (tu) piece = two(ou, tu, eol, labels);
    else piece = single(ou, 'ours', true);
    if (!bu && ou.key !== PREAMBLE) added.ours.push(name(ou.key));
    if (piece) pieces.push(piece);
  }

  // Theirs' units ours does not have: added by theirs, or deleted by ours.
  const extra = new Map<number, Piece[]>();
  let anchor = -1;
  const placed = new Map<string, number>();
  pieces.forEach((p, i) => placed.set(p.key, i));
  for (const tu of t.units) {
    const at = placed.get(tu.key);
    if (at !== undefined) {
      anchor = at;
      continue;
    }
    const bu = bMap.get(tu.key);
    const piece = bu ? deletedBy('ours', bu, tu, eol, labels) : single(tu, 'theirs', true);
    if (!bu && tu.key !== PREAMBLE) added.theirs.push(name(tu.key));
    if (!piece) continue;
    const group = extra.get(anchor) ?? [];
    group.push(piece);
    extra.set(anchor, group);
  }

  const prefix = b ? (pick(b.prefix, o.prefix, t.prefix) ?? o.prefix) : o.prefix.length > 0 ? o.prefix : t.prefix;
  return { ...join(prefix, place(pieces, extra), eol), added, changed };
}

function byKey(units: Unit[]): Map<string, Unit> {
  const m = new Map<string, Unit>();
  for (const u of units) m.set(u.key, u);
  return m;
}

function name(key: string): string {
  return key === PREAMBLE ? key : key.replace(/#\d+$/, '');
}

function single(u: Unit, from: 'ours' | 'theirs', added: boolean): Piece {
  return { key: u.key, order: u.order, core: u.core, tail: u.tail, conflicts: [], from, added, markerLines: [] };
}

/** One side deleted a unit the other side has: gone when the other left it as it was, else a conflict. */
function deletedBy(side: 'ours' | 'theirs', bu: Unit, kept: Unit, eol: string, labels: Labels): Piece | undefined {
  if (kept.core.equals(bu.core) && kept.tail.equals(bu.tail)) return undefined;
  const lines = splitLines(kept.core);
  const region = side === 'ours' ? { a: [], b: lines } : { a: lines, b: [] };
  const out = new Text(eol);
  out.conflict(region.a, region.b, labels, `${name(bu.key)} deleted by ${side === 'ours' ? labels.ours : labels.theirs}`);
  return { key: kept.key, order: kept.order, core: out.text(), tail: kept.tail, conflicts: [{ entry: name(bu.key), ours: region.a.length, theirs: region.b.length }], from: side === 'ours' ? 'theirs' : 'ours', added: false, markerLines: out.markers };
}

/** A unit both sides have, merged against the base. */
function merged(bu: Unit, ou: Unit, tu: Unit, eol: string, labels: Labels, changed: string[]): Piece {
  const piece: Piece = { key: ou.key, order: ou.order, core: ou.core, tail: ou.tail, conflicts: [], from: 'both', added: false, markerLines: [] };
  const core = pick(bu.core, ou.core, tu.core);
  if (core !== undefined) piece.core = core;
  else {
    changed.push(name(ou.key));
    const out = new Text(eol);
    for (const r of diff3Merge(splitLines(ou.core), splitLines(bu.core), splitLines(tu.core), { excludeFalseConflicts: true })) {
      if (r.ok) out.lines(r.ok);
      else if (r.conflict) {
        out.conflict(r.conflict.a, r.conflict.b, labels, name(ou.key));
        piece.conflicts.push({ entry: name(ou.key), ours: r.conflict.a.length, theirs: r.conflict.b.length });
      }
    }
    piece.core = out.text();
    piece.markerLines = out.markers;
  }
  // Blank lines after an entry: one side's change, or the longer of two where one holds the other.
  piece.tail = pick(bu.tail, ou.tail, tu.tail) ?? blankLines(ou.tail, tu.tail);
  return piece;
}

/** The same unit added on both sides (or a file and its conflict copy): once when equal, else markers around the lines that differ. */
function two(ou: Unit, tu: Unit, eol: string, labels: Labels): Piece {
  const piece: Piece = { key: ou.key, order: ou.order, core: ou.core, tail: ou.tail, conflicts: [], from: 'both', added: true, markerLines: [] };
  if (!ou.core.equals(tu.core)) {
    const out = new Text(eol);
    for (const r of diffComm(splitLines(ou.core), splitLines(tu.core))) {
      if (r.common) out.lines(r.common);
      else {
        out.conflict(r.buffer1 ?? [], r.buffer2 ?? [], labels, name(ou.key));
        piece.conflicts.push({ entry: name(ou.key), ours: r.buffer1?.length ?? 0, theirs: r.buffer2?.length ?? 0 });
      }
    }
    piece.core = out.text();
    piece.markerLines = out.markers;
  }
  if (!ou.tail.equals(tu.tail)) piece.tail = blankLines(ou.tail, tu.tail);
  return piece;
}

/** Two sides' different blank lines after an entry: the longer where one starts the other, else both. */
function blankLines(a: Buffer, b: Buffer): Buffer {
  if (a.length >= b.length && a.subarray(0, b.length).equals(b)) return a;
  if (b.length > a.length && b.subarray(0, a.length).equals(a)) return b;
  return Buffer.concat([a, b]);
}

/** The one answer three versions of a text give without a line merge, if any. */
function pick(base: Buffer, ours: Buffer, theirs: Buffer): Buffer | undefined {
  if (ours.equals(theirs)) return ours;
  if (ours.equals(base)) return theirs;
  if (theirs.equals(base)) return ours;
  return undefined;
}

/**
 * Puts theirs' extra units after the unit that precedes them in theirs,
 * in time order with ours' additions there: a run of added entries after one
 * anchor is merged by moment, ours first on equal moments.
 */
function place(pieces: Piece[], extra: Map<number, Piece[]>): Piece[] {
  const out: Piece[] = [];
  const flush = (group: Piece[] | undefined, start: number): number => {
    // `start`: the index in `pieces` of the first unit after the anchor.
    let i = start;
    if (!group) return i;
    let g = 0;
    while (g < group.length) {
      const next = pieces[i];
      const mine = group[g]!;
      if (next && next.added && next.from === 'ours' && next.order <= mine.order) {
        out.push(next);
        i++;
      } else {
        out.push(mine);
        g++;
      }
    }
    return i;
  };
  // A preamble stays first; what theirs has before anything placed comes right after it.
  let i = 0;
  if (pieces[0]?.key === PREAMBLE) {
    out.push(pieces[0]);
    i = flush([...(extra.get(-1) ?? []), ...(extra.get(0) ?? [])], 1);
  } else i = flush(extra.get(-1), 0);
  while (i < pieces.length) {
    out.push(pieces[i]!);
    i = flush(extra.get(i), i + 1);
  }
  return out;
}

/** Joins the pieces, with a blank line wherever an entry would otherwise not start one. */
function join(prefix: Buffer, order: Piece[], eol: string): { bytes: Buffer; conflicts: MergeConflict[] } {
  const parts: Buffer[] = [prefix];
  let last: Buffer = Buffer.alloc(0);
  const marked: Array<{ piece: Piece; part: number }> = [];
  for (const p of order) {
    if (p.key !== PREAMBLE && last.length > 0 && !endsWithBlankLine(last)) {
      const sep = endsWithBreak(last) ? eol : eol + eol;
      parts.push(Buffer.from(sep, 'latin1'));
    }
    if (p.markerLines.length > 0) marked.push({ piece: p, part: parts.length });
    parts.push(p.core, p.tail);
    // A tail is blank lines after a line break: enough to tell whether an entry may follow.
    if (p.tail.length > 0) last = p.tail;
    else if (p.core.length > 0) last = p.core;
  }
  // Line numbers are counted only when there are conflicts to place.
  const conflicts: MergeConflict[] = [];
  let line = 1;
  let counted = 0;
  for (const { piece, part } of marked) {
    while (counted < part) line += countBreaks(parts[counted++]!);
    piece.markerLines.forEach((m, c) => conflicts.push({ ...piece.conflicts[c]!, line: line + m }));
  }
  return { bytes: Buffer.concat(parts), conflicts };
}

/** Lines of a merged entry, with conflict markers in git's style. */
class Text {
  private readonly parts: string[] = [];
  private count = 0;
  /** Line indexes of the `<<<<<<<` markers. */
  readonly markers: number[] = [];

  constructor(private readonly eol: string) {}

  lines(lines: string[]): void {
    for (const l of lines) this.push(l);
  }

  conflict(ours: string[], theirs: string[], labels: Labels, what: string): void {
    this.markers.push(this.count);
    this.push(`<<<<<<< ${labels.ours} (${what})${this.eol}`);
    for (const l of ours) this.push(l);
    this.push(`=======${this.eol}`);
    for (const l of theirs) this.push(l);
    this.push(`>>>>>>> ${labels.theirs}${this.eol}`);
  }

  private push(line: string): void {
    // A last line with no line ending gets one before a marker follows it.
    const prev = this.parts[this.parts.length - 1];
    if (prev !== undefined && !/[\r\n]$/.test(prev)) this.parts[this.parts.length - 1] = prev + this.eol;
    this.parts.push(line);
    this.count++;
  }

  text(): Buffer {
    return Buffer.from(this.parts.join(''), 'latin1');
  }
}
