/**
 * Builds the syntax tree of one entry (or of the preamble) from the
 * scanner's events. Gaps between tokens on a line become `text` leaves, so
 * every character lands in exactly one leaf.
 */
import { scanEntry } from './scan.js';
import type { ItemRole, LineKind, ScanSink } from './sink.js';
import { branch, leaf, type LeafKind, type SyntaxNode } from './tree.js';

class TreeSink implements ScanSink {
  readonly top: SyntaxNode[] = [];
  private containers: SyntaxNode[][] = [this.top];
  private items: SyntaxNode[] = [];
  private line: SyntaxNode | undefined;
  private out: SyntaxNode[] = [];
  private lineChildren: SyntaxNode[] = [];
  private cursor = 0;
  private contentEnd = 0;
  private lineTo = 0;

  itemStart(_level: number, _number: number, from: number, _role: ItemRole): void {
    const node: SyntaxNode = { kind: 'item', from, to: from, children: [] };
    this.containers[this.containers.length - 1]!.push(node);
    this.containers.push(node.children!);
    this.items.push(node);
  }

  itemEnd(to: number): void {
    this.items.pop()!.to = to;
    this.containers.pop();
  }

  lineStart(kind: LineKind, from: number, contentEnd: number, to: number): void {
    this.lineChildren = [];
    this.out = this.lineChildren;
    this.line = { kind, from, to, children: this.lineChildren };
    this.cursor = from;
    this.contentEnd = contentEnd;
    this.lineTo = to;
  }

  token(kind: LeafKind, from: number, to: number): void {
    this.gap(from);
    this.out.push(leaf(kind, from, to));
    this.cursor = to;
  }

  reference(from: number, to: number, closingQuote: number): void {
    this.gap(from);
    const parts = [leaf('punctuation', from, from + 1), leaf('moment', from + 1, closingQuote), leaf('punctuation', closingQuote, closingQuote + 1)];
    if (to > closingQuote + 1) parts.push(leaf('item-path', closingQuote + 1, to));
    this.out.push(branch('reference', parts));
    this.cursor = to;
  }

  itemReference(from: number, to: number): void {
    this.gap(from);
    this.out.push(branch('item-reference', [leaf('punctuation', from, from + 1), leaf('item-path', from + 1, to - 1), leaf('punctuation', to - 1, to)]));
    this.cursor = to;
  }

  todo(from: number, to: number): void {
    this.gap(from);
    this.out.push(branch('todo', [leaf('todo-marker', from, to)]));
    this.cursor = to;
  }

  mailHeader(from: number, to: number): void {
    this.gap(from);
    this.out.push(branch('mail-header', [leaf('text', from, to)]));
    this.cursor = to;
  }

  sessions(open: boolean): void {
    if (open) {
      this.out = [];
    } else {
      if (this.out.length > 0) this.lineChildren.push(branch('sessions', this.out));
      this.out = this.lineChildren;
    }
  }

  lineEnd(): void {
    this.gap(this.contentEnd);
    if (this.lineTo > this.contentEnd) this.lineChildren.push(leaf('newline', this.contentEnd, this.lineTo));
    this.containers[this.containers.length - 1]!.push(this.line!);
  }

  private gap(upTo: number): void {
    if (upTo > this.cursor) this.out.push(leaf('text', this.cursor, upTo));
  }
}

/**
 * Parses the text of one entry into its tree. `text[from, to)` is the entry;
 * `base` is added to every offset (so an entry decoded on its own still gets
 * file offsets). With `preamble` true the text is the free text before the
 * first entry.
 *
 * ```ts
 * const node = parseEntry('10:25 2013-02-04\nwork, xen\n1, hello\n', 0, 36, 0, false);
 * node.children.map((c) => c.kind); // ['header', 'title', 'item']
 * ```
 */
export function parseEntry(text: string, from: number, to: number, base: number, preamble: boolean, noCR = false): SyntaxNode {
  const sink = new TreeSink();
  scanEntry(text, from, to, base, preamble, sink, noCR);
  return branch(preamble ? 'preamble' : 'entry', sink.top, base + from);
}
