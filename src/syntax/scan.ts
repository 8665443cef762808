/**
 * The scanner: reads one entry (or the preamble) line by line and reports
 * what each line is and holds to a sink. One pass, no tree: the tree builder
 * and the model are both sinks of this scanner, so they cannot disagree.
 */
import { LineCursor, NextIndex } from './lines.js';
import { isBlank, isUntitledLine, ITEM_REFERENCE, ITEM_STAMP, MAIL_HEADER, markerAt, REFERENCE, STAMP_LINE, TIME_SPEC, TODO_MARKER } from './patterns.js';
import type { ItemRole, ScanSink } from './sink.js';

/**
 * Scans `text[from, to)`, one entry or the preamble; `base` is added to every
 * offset reported. `noCR` promises that the text holds no carriage return
 * (a whole file can be checked once), which saves a search per entry. With
 * `headOnly`, the scan stops after the entry's head: its header, revision
 * stamps and title line (or before the first line of its body when it has no
 * title). Never throws on input.
 *
 * ```ts
 * scanEntry(text, chunk.from, chunk.to, chunk.base, chunk.preamble, sink);
 * ```
 */
export function scanEntry(text: string, from: number, to: number, base: number, preamble: boolean, sink: ScanSink, noCR = false, headOnly = false): void {
  if (from !== 0 || to !== text.length) {
    // Work on the chunk alone, so that no search runs past its end (a slice costs nothing).
    text = text.slice(from, to);
    base += from;
    to -= from;
    from = 0;
  }
  // The open items, innermost last: their levels and numbers.
  const openLevels: number[] = [];
  const openNumbers: number[] = [];
  const pending: number[] = [];
  let phase = preamble ? 2 : 0; // 0 header, 1 stamps, 2 body
  let gtd = false;
  let placedTo = base + from;
  const quotes = new NextIndex(text, '"');
  const slashes = new NextIndex(text, '\\');
  const mails = new NextIndex(text, '_email_');

  const flushBlanks = (): void => {
    if (pending.length === 0) return;
    for (let i = 0; i < pending.length; i += 3) {
      const a = pending[i]!;
      const e = pending[i + 1]!;
      const end = pending[i + 2]!;
      sink.lineStart('blank', base + a, base + e, base + end);
      if (e > a) sink.token('space', base + a, base + e);
      sink.lineEnd();
      placedTo = base + end;
    }
    pending.length = 0;
  };

  const lines = new LineCursor(text, from, to, noCR);
  while (lines.next()) {
    const a = lines.from;
    const e = lines.contentEnd;
    const end = lines.to;

    if (phase === 0) {
      let b = e;
      while (b > a && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9)) b--;
      sink.lineStart('header', base + a, base + e, base + end);
      sink.token('moment', base + a, base + b);
      if (e > b) sink.token('space', base + b, base + e);
      sink.lineEnd();
      placedTo = base + end;
      phase = 1;
      continue;
    }
    if (phase === 1) {
      if (text.charCodeAt(a) === 40 && STAMP_LINE.test(text.slice(a, e))) {
        const close = text.indexOf(')', a) + 1;
        sink.lineStart('revision-stamp', base + a, base + e, base + end);
        sink.token('stamp', base + a, base + close);
        if (e > close) sink.token('space', base + close, base + e);
        sink.lineEnd();
        placedTo = base + end;
        continue;
      }
      phase = 2;
      if (!isBlank(text, a, e)) {
        const content = text.slice(a, e);
        if (markerAt(text, a, e) < 0 && !isUntitledLine(content)) {
          sink.lineStart('title', base + a, base + e, base + end);
          scanTitle(text, a, e, base, sink);
          sink.lineEnd();
          placedTo = base + end;
          gtd = content.trim() === 'GTD';
          if (headOnly) return;
          continue;
        }
      }
      if (headOnly) return;
    }
    if (isBlank(text, a, e)) {
      pending.push(a, e, end);
      continue;
    }

    const c = text.charCodeAt(a);
    const marker = (c >= 48 && c <= 57) || c === 40 ? markerAt(text, a, e) : -1;
    let role: ItemRole;
    if (marker >= 0) {
      const level = (marker & 3) as 1 | 2 | 3;
      const number = Math.floor(marker / 64);
      let depth = openLevels.length;
      while (depth > 0 && openLevels[depth - 1]! >= level) {
        openLevels.pop();
        openNumbers.pop();
        depth--;
        sink.itemEnd(placedTo);
      }
      if (gtd && level === 1 && number === 0) role = 'sessions';
      else if (gtd && level === 2 && depth > 0 && openLevels[depth - 1] === 1 && openNumbers[depth - 1] !== 0) role = 'task';
      if (pending.length > 0) flushBlanks();
      sink.itemStart(level, number, base + a, role);
      openLevels.push(level);
      openNumbers.push(number);
    } else if (pending.length > 0) {
      flushBlanks();
    }

    sink.lineStart('line', base + a, base + e, base + end);
    let rest = a;
    if (marker >= 0) {
      rest = a + ((marker >> 2) & 15);
      sink.token('marker', base + a, base + rest);
      if (rest + 1 < e && text.charCodeAt(rest) === 32 && text.charCodeAt(rest + 1) === 40) {
        const stamp = ITEM_STAMP.exec(text.slice(rest + 1, Math.min(e, rest + 24)));
        if (stamp) {
          sink.token('space', base + rest, base + rest + 1);
          sink.token('stamp', base + rest + 1, base + rest + 1 + stamp[0].length);
          rest += 1 + stamp[0].length;
        }
      }
      if (role === 'sessions') {
        sink.sessions(true);
        rest = scanTimeSpecs(text, rest, e, base, sink);
        sink.sessions(false);
      } else if (role === 'task') {
        rest = scanTimeSpecs(text, rest, e, base, sink);
      }
    }
    if (mails.within(rest, e)) {
      let s = rest;
      while (s < e && text.charCodeAt(s) === 32) s++;
      if (MAIL_HEADER.test(text.slice(s, e))) {
        if (s > rest) sink.token('space', base + rest, base + s);
        sink.mailHeader(base + s, base + e);
        rest = e;
      }
    }
    if (rest < e) scanInline(text, rest, e, base, sink, quotes, slashes);
    sink.lineEnd();
    placedTo = base + end;
  }
  for (let depth = openLevels.length; depth > 0; depth--) sink.itemEnd(placedTo);
  flushBlanks();
}

/**
 * Reports references, item references and TODO markers of `text[from, to)`,
 * trying a match only where a quote or a backslash stands.
 */
function scanInline(text: string, from: number, to: number, base: number, sink: ScanSink, quotes: NextIndex, slashes: NextIndex): void {
  let q = quotes.next(from);
  let b = slashes.next(from);
  while ((q !== -1 && q < to) || (b !== -1 && b < to)) {
    if (q !== -1 && q < to && (b === -1 || b >= to || q < b)) {
      REFERENCE.lastIndex = q;
      let m = REFERENCE.exec(text);
      if (m && q + m[0].length <= to) {
        sink.reference(base + q, base + q + m[0].length, base + q + m[0].indexOf('"', 1));
        q = quotes.next(q + m[0].length);
        continue;
      }
      ITEM_REFERENCE.lastIndex = q;
      m = ITEM_REFERENCE.exec(text);
      if (m && q + m[0].length <= to) {
        sink.itemReference(base + q, base + q + m[0].length, Number(m[1]));
        q = quotes.next(q + m[0].length);
        continue;
      }
      q = quotes.next(q + 1);
    } else {
      TODO_MARKER.lastIndex = b;
      const m = TODO_MARKER.exec(text);
      if (m && b + m[0].length <= to) {
        sink.todo(base + b, base + b + m[0].length, m[1] === 'DONE');
        b = slashes.next(b + m[0].length);
        continue;
      }
      b = slashes.next(b + 1);
    }
  }
}

/** Reports the leading GTD time specs of `text[from, to)`; returns where the rest begins. */
function scanTimeSpecs(text: string, from: number, to: number, base: number, sink: ScanSink): number {
  let pos = from;
  for (;;) {
    let p = pos;
    while (p < to && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    if (p >= to) return pos;
    const c = text.charCodeAt(p);
    if (!((c >= 48 && c <= 57) || c === 45)) return pos;
    const m = TIME_SPEC.exec(text.slice(p, Math.min(to, p + 16)));
    if (!m) return pos;
    if (p > pos) sink.token('space', base + pos, base + p);
    sink.token('time-spec', base + p, base + p + m[0].length);
    pos = p + m[0].length;
  }
}

/** Reports a title line's phrases (`topic`, `thread-part`), separators and spaces. */
export function scanTitle(text: string, from: number, to: number, base: number, sink: Pick<ScanSink, 'token'>): void {
  let pos = from;
  for (;;) {
    let end = pos;
    while (end < to) {
      const c = text.charCodeAt(end);
      if (c === 44 || c === 59) break;
      end++;
    }
    let a = pos;
    while (a < end && (text.charCodeAt(a) === 32 || text.charCodeAt(a) === 9)) a++;
    let b = end;
    while (b > a && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9)) b--;
    if (a > pos) sink.token('space', base + pos, base + a);
    if (b > a) sink.token(isThreadPart(text, a, b) ? 'thread-part' : 'topic', base + a, base + b);
    if (end > b) sink.token('space', base + b, base + end);
    if (end >= to) return;
    sink.token('punctuation', base + end, base + end + 1);
    pos = end + 1;
  }
}

/** True for `contN`. */
function isThreadPart(text: string, a: number, b: number): boolean {
  if (b - a < 5 || !text.startsWith('cont', a)) return false;
  for (let i = a + 4; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
