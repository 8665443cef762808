/**
 * What the scanner tells its listener, in source order. The tree builder
 * turns these events into the lossless tree; the model reads meaning from the
 * same events without building the tree. Offsets are file offsets.
 */
import type { LeafKind } from './tree.js';

/** Kinds of line the scanner reports. */
export type LineKind = 'header' | 'revision-stamp' | 'title' | 'line' | 'blank';

/** What a marker line's item is for in a GTD entry. */
export type ItemRole = 'sessions' | 'task' | undefined;

/** The listener of `scanEntry`. Between `lineStart` and `lineEnd` come that line's tokens. */
export interface ScanSink {
  /** An outline item opens at the line starting at `from` (the next `lineStart`). */
  itemStart(level: 1 | 2 | 3, number: number, from: number, role: ItemRole): void;
  /** The innermost open item ends at `to`. */
  itemEnd(to: number): void;
  /** A line begins: its text is `[from, contentEnd)`, its line ending `[contentEnd, to)`. */
  lineStart(kind: LineKind, from: number, contentEnd: number, to: number): void;
  /** A plain token of the current line (moment, stamp, marker, topic, space, time-spec, ...). */
  token(kind: LeafKind, from: number, to: number): void;
  /** A quoted moment `"H:MM Y-M-D"` with an optional item path ending at `to`. */
  reference(from: number, to: number, closingQuote: number): void;
  /** A quoted marker `"3)"`. */
  itemReference(from: number, to: number, number: number): void;
  /** A `\TODO` or `\DONE` marker, colon included. */
  todo(from: number, to: number, done: boolean): void;
  /** An email clip header line's text. */
  mailHeader(from: number, to: number): void;
  /** The presence sessions of a `0, ` line begin (true) or end (false). */
  sessions(open: boolean): void;
  /** The current line ends. */
  lineEnd(): void;
}
