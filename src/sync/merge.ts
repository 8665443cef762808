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
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { align } from './align.js';
import { Cut, countBreaks, endsWithBlankLine, endsWithBreak, splitLines } from './units.js';

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
  /** Writes the merged file to `file` (replacing it), from the versions' bytes as they are. */
  writeTo(file: string): void;
}

/** The labels written after the markers. */
export interface Labels {
  ours: string;
  theirs: string;
}

const DEFAULT_LABELS: Labels = { ours: 'ours', theirs: 'theirs' };

/** The line merge (node-diff3), loaded on the first entry both sides changed: most merges never need it. */
let lineMerge: typeof import('node-diff3') | undefined;
function diff3(): typeof import('node-diff3') {
  return (lineMerge ??= createRequire(import.meta.url)('node-diff3') as typeof import('node-diff3'));
}

/**
 * A unit of the result, before it is joined: a unit of one version taken
 * whole (`cut`, `unit`: no bytes copied until the join), or its core and
 * tail built anew (`built`: merged lines, markers).
 */
interface Piece {
  cut: Cut;
  unit: number;
  built?: { core: Buffer; tail: Buffer };
  preamble: boolean;
  order: number;
  conflicts: Omit<MergeConflict, 'line'>[];
  /** Which side it comes from when only one side has it ('ours', 'theirs'), else 'both'. */
  from: 'ours' | 'theirs' | 'both';
  /** True for an entry not in the base. */
  added: boolean;
  /** Where the `<<<<<<<` lines are in the core (line indexes). */
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
  const cuts = cutWhereChanged(base, ours, theirs);
  return cuts ? merge(...cuts, labels) : mergeWhole(base, ours, theirs, labels);
}

/** The same merge with every version cut whole: slower, and the reference `mergeJournal` is tested against. */
export function mergeWhole(base: Buffer, ours: Buffer, theirs: Buffer, labels: Labels = DEFAULT_LABELS): MergeResult {
  return merge(new Cut(base), new Cut(ours), new Cut(theirs), labels);
}

/**
 * The three versions cut only where they differ: runs of entries that both
 * sides left as in the base are one block each, not cut. Undefined when
 * there is no such run, or when entries added or removed before a block
 * could make a moment's rank differ between the block and the whole file
 * (entries sharing a moment): then the whole versions are cut.
 */
function cutWhereChanged(base: Buffer, ours: Buffer, theirs: Buffer): [Cut, Cut, Cut] | undefined {
  const [withOurs, withTheirs] = [align(base, ours), align(base, theirs)];
  // Runs of the base that both sides kept: where a run of each overlaps.
  const blocks: Array<{ b: number; o: number; t: number; length: number }> = [];
  for (let i = 0, j = 0; i < withOurs.length && j < withTheirs.length; ) {
    const [x, y] = [withOurs[i]!, withTheirs[j]!];
    const from = Math.max(x.a, y.a);
    const to = Math.min(x.a + x.length, y.a + y.length);
    if (to > from) blocks.push({ b: from, o: x.b + (from - x.a), t: y.b + (from - y.a), length: to - from });
    if (x.a + x.length < y.a + y.length) i++;
    else j++;
  }
  if (blocks.length === 0) return undefined;
  const cuts: [Cut, Cut, Cut] = [
    new Cut(base, blocks.map((k) => ({ from: k.b, to: k.b + k.length }))),
    new Cut(ours, blocks.map((k) => ({ from: k.o, to: k.o + k.length }))),
    new Cut(theirs, blocks.map((k) => ({ from: k.t, to: k.t + k.length }))),
  ];
  return Cut.balanced(cuts) ? cuts : undefined;
}

/**
 * Merges a conflict copy into its file without a base: entries only in the
 * copy are added, the same moment with different text gets conflict markers
 * around the lines that differ.
 */
export function mergeTwoWay(file: Buffer, copy: Buffer, labels: Labels = DEFAULT_LABELS): MergeResult {
  return merge(undefined, new Cut(file), new Cut(copy), labels);
}

function merge(b: Cut | undefined, o: Cut, t: Cut, labels: Labels): MergeResult {
  const eol = o.size > 0 ? o.eol : t.eol;
  const added = { ours: [] as string[], theirs: [] as string[] };
  const changed: string[] = [];

  // The result in ours' order, entries ours has. Lookups start where the
  // versions would agree (the unit after the last one matched).
  const pieces: Piece[] = [];
  const pieceOf = new Int32Array(o.size).fill(-1);
  let bHint = 0;
  let tHint = 0;
  for (let oi = 0; oi < o.size; oi++) {
    const bi = b ? b.find(o, oi, bHint) : -1;
    const ti = t.find(o, oi, tHint);
    if (bi !== -1) bHint = bi + 1;
    if (ti !== -1) tHint = ti + 1;
    let piece: Piece | undefined;
    if (bi !== -1) piece = ti !== -1 ? merged(b!, bi, o, oi, t, ti, eol, labels, changed) : deletedBy('theirs', b!, bi, o, oi, eol, labels);
    else if (ti !== -1) piece = two(o, oi, t, ti, eol, labels);
    else piece = whole(o, oi, 'ours', true);
    if (bi === -1 && !o.isPreamble(oi)) added.ours.push(o.name(oi));
    if (piece) {
      pieceOf[oi] = pieces.length;
      pieces.push(piece);
    }
  }

  // Theirs' units ours does not have: added by theirs, or deleted by ours.
  const extra = new Map<number, Piece[]>();
  let anchor = -1;
  let oHint = 0;
  bHint = 0;
  for (let ti = 0; ti < t.size; ti++) {
    const oi = o.find(t, ti, oHint);
    if (oi !== -1) {
      oHint = oi + 1;
      anchor = pieceOf[oi]!;
      continue;
    }
    const bi = b ? b.find(t, ti, bHint) : -1;
    if (bi !== -1) bHint = bi + 1;
    const piece = bi !== -1 ? deletedBy('ours', b!, bi, t, ti, eol, labels) : whole(t, ti, 'theirs', true);
    if (bi === -1 && !t.isPreamble(ti)) added.theirs.push(t.name(ti));
    if (!piece) continue;
    const group = extra.get(anchor) ?? [];
    group.push(piece);
    extra.set(anchor, group);
  }

  const prefix = b ? (pick(b.prefix(), o.prefix(), t.prefix()) ?? o.prefix()) : o.prefix().length > 0 ? o.prefix() : t.prefix();
  const { parts, conflicts } = join(prefix, place(pieces, extra), eol);
  return new Merged(parts, conflicts, added, changed);
}

/** Unit `i` of a version, taken as it is. */
function whole(cut: Cut, i: number, from: Piece['from'], added: boolean): Piece {
  return { cut, unit: i, preamble: cut.isPreamble(i), order: cut.order(i), conflicts: [], from, added, markerLines: [] };
}

/** One side deleted a unit the other side has: gone when the other left it as it was, else a conflict. */
function deletedBy(side: 'ours' | 'theirs', b: Cut, bi: number, kept: Cut, ki: number, eol: string, labels: Labels): Piece | undefined {
  if (kept.same(ki, b, bi)) return undefined;
  const entry = b.name(bi);
  const lines = splitLines(kept.core(ki));
  const region = side === 'ours' ? { a: [], b: lines } : { a: lines, b: [] };
  const out = new Text(eol);
  out.conflict(region.a, region.b, labels, `${entry} deleted by ${side === 'ours' ? labels.ours : labels.theirs}`);
  const piece = whole(kept, ki, side === 'ours' ? 'theirs' : 'ours', false);
  piece.built = { core: out.text(), tail: kept.tail(ki) };
  piece.conflicts.push({ entry, ours: region.a.length, theirs: region.b.length });
  piece.markerLines = out.markers;
  return piece;
}

/** A unit both sides have, merged against the base. */
function merged(b: Cut, bi: number, o: Cut, oi: number, t: Cut, ti: number, eol: string, labels: Labels, changed: string[]): Piece {
  const piece = whole(o, oi, 'both', false);
  // Whole units equal: one side's change, or none (the bytes of ours or of theirs).
  if (o.same(oi, t, ti) || t.same(ti, b, bi)) return piece;
  if (o.same(oi, b, bi)) {
    piece.built = { core: t.core(ti), tail: t.tail(ti) };
    return piece;
  }
  const [bc, oc, tc] = [b.core(bi), o.core(oi), t.core(ti)];
  let core = pick(bc, oc, tc);
  let markers: number[] = [];
  if (core === undefined) {
    const entry = o.name(oi);
    changed.push(entry);
    const out = new Text(eol);
    for (const r of diff3().diff3Merge(splitLines(oc), splitLines(bc), splitLines(tc), { excludeFalseConflicts: true })) {
      if (r.ok) out.lines(r.ok);
      else if (r.conflict) {
        out.conflict(r.conflict.a, r.conflict.b, labels, entry);
        piece.conflicts.push({ entry, ours: r.conflict.a.length, theirs: r.conflict.b.length });
      }
    }
    core = out.text();
    markers = out.markers;
  }
  // Blank lines after an entry: one side's change, or the longer of two where one holds the other.
  const [bt, ot, tt] = [b.tail(bi), o.tail(oi), t.tail(ti)];
  piece.built = { core, tail: pick(bt, ot, tt) ?? blankLines(ot, tt) };
  piece.markerLines = markers;
  return piece;
}

/** The same unit added on both sides (or a file and its conflict copy): once when equal, else markers around the lines that differ. */
function two(o: Cut, oi: number, t: Cut, ti: number, eol: string, labels: Labels): Piece {
  const piece = whole(o, oi, 'both', true);
  if (o.same(oi, t, ti)) return piece;
  let core = o.core(oi);
  const theirs = t.core(ti);
  if (!core.equals(theirs)) {
    const entry = o.name(oi);
    const out = new Text(eol);
    for (const r of diff3().diffComm(splitLines(core), splitLines(theirs))) {
      if (r.common) out.lines(r.common);
      else {
        out.conflict(r.buffer1 ?? [], r.buffer2 ?? [], labels, entry);
        piece.conflicts.push({ entry, ours: r.buffer1?.length ?? 0, theirs: r.buffer2?.length ?? 0 });
      }
    }
    core = out.text();
    piece.markerLines = out.markers;
  }
  const [ot, tt] = [o.tail(oi), t.tail(ti)];
  piece.built = { core, tail: ot.equals(tt) ? ot : blankLines(ot, tt) };
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
  if (pieces[0]?.preamble) {
    out.push(pieces[0]);
    i = flush([...(extra.get(-1) ?? []), ...(extra.get(0) ?? [])], 1);
  } else i = flush(extra.get(-1), 0);
  while (i < pieces.length) {
    out.push(pieces[i]!);
    i = flush(extra.get(i), i + 1);
  }
  return out;
}

/**
 * Joins the pieces into one buffer, copied once, with a blank line wherever
 * an entry would otherwise not start one.
 */
/** A run of bytes of the result: `bytes[from, to)`. */
interface Part {
  bytes: Buffer;
  from: number;
  to: number;
}

/**
 * Joins the pieces, with a blank line wherever an entry would otherwise not
 * start one. The result is a list of runs of the versions' bytes (units that
 * follow each other in one version are one run), joined into one buffer only
 * when it is asked for: the driver writes the runs to the file.
 */
function join(prefix: Buffer, order: Piece[], eol: string): { parts: Part[]; conflicts: MergeConflict[] } {
  const seps = [Buffer.from(eol, 'latin1'), Buffer.from(eol + eol, 'latin1')] as const;
  const parts: Part[] = [];
  const add = (bytes: Buffer, from: number, to: number): void => {
    const run = parts[parts.length - 1];
    if (run && run.bytes === bytes && run.to === from) run.to = to;
    else if (to > from) parts.push({ bytes, from, to });
  };
  add(prefix, 0, prefix.length);
  // Line numbers are counted (run by run, as far as the next conflict) only when there are conflicts to place.
  const conflicts: MergeConflict[] = [];
  let line = 1;
  let counted = 0;
  let last: Part | undefined;
  for (const p of order) {
    if (!p.preamble && last && !endsWithBlankLine(last.bytes, last.from, last.to)) {
      const sep = seps[endsWithBreak(last.bytes, last.from, last.to) ? 0 : 1];
      parts.push({ bytes: sep, from: 0, to: sep.length });
    }
    if (!p.built) {
      last = { bytes: p.cut.bytes, from: p.cut.start(p.unit), to: p.cut.end(p.unit) };
      add(last.bytes, last.from, last.to);
      continue;
    }
    if (p.markerLines.length > 0) {
      for (; counted < parts.length; counted++) line += countBreaks(parts[counted]!.bytes.subarray(parts[counted]!.from, parts[counted]!.to));
      p.markerLines.forEach((m, c) => conflicts.push({ ...p.conflicts[c]!, line: line + m }));
    }
    const { core, tail } = p.built;
    parts.push({ bytes: core, from: 0, to: core.length }, { bytes: tail, from: 0, to: tail.length });
    // A tail is blank lines after a line break: enough to tell whether an entry may follow.
    if (tail.length > 0) last = parts[parts.length - 1];
    else if (core.length > 0) last = parts[parts.length - 2];
  }
  return { parts, conflicts };
}

/** The merged file from its runs, joined on the first use of `bytes`. */
class Merged implements MergeResult {
  private joined: Buffer | undefined;

  constructor(
    private readonly parts: Part[],
    readonly conflicts: MergeConflict[],
    readonly added: MergeResult['added'],
    readonly changed: string[],
  ) {}

  get bytes(): Buffer {
    if (!this.joined) {
      this.joined = Buffer.allocUnsafe(this.parts.reduce((n, p) => n + p.to - p.from, 0));
      let at = 0;
      for (const p of this.parts) at += p.bytes.copy(this.joined, at, p.from, p.to);
    }
    return this.joined;
  }

  writeTo(file: string): void {
    const fd = fs.openSync(file, 'w');
    try {
      for (const p of this.parts) for (let at = p.from; at < p.to; ) at += fs.writeSync(fd, p.bytes, at, p.to - at);
    } finally {
      fs.closeSync(fd);
    }
  }
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
