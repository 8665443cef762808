/**
 * Builds the syntax tree of one entry (or of the preamble) from its text,
 * line by line: header, revision stamps, title line, then the outline body.
 */
import { pushInline, pushTimeSpecs, pushTitle } from './inline.js';
import { forEachLine, NextIndex, type LineSpan } from './lines.js';
import { isBlank, isUntitledLine, ITEM_STAMP, MAIL_HEADER, matchMarker, STAMP_LINE } from './patterns.js';
import { branch, leaf, type SyntaxNode } from './tree.js';

interface Open {
  level: number;
  number: number;
  node: SyntaxNode;
}

/**
 * Parses the text of one entry. `text[from, to)` is the entry; `base` is added
 * to every offset (so an entry decoded on its own still gets file offsets).
 * With `preamble` true the text is the free text before the first entry.
 *
 * ```ts
 * const node = parseEntry('10:25 2013-02-04\nwork, xen\n1, hello\n', 0, 36, 0, false);
 * node.children.map((c) => c.kind); // ['header', 'title', 'item']
 * ```
 */
export function parseEntry(text: string, from: number, to: number, base: number, preamble: boolean): SyntaxNode {
  const top: SyntaxNode[] = [];
  const open: Open[] = [];
  let pendingBlank: SyntaxNode[] = [];
  let phase: 'header' | 'stamps' | 'body' = preamble ? 'body' : 'header';
  let gtd = false;
  const quotes = new NextIndex(text, '"');
  const slashes = new NextIndex(text, '\\');
  const mails = new NextIndex(text, '_email_');

  const container = (): SyntaxNode[] => (open.length > 0 ? open[open.length - 1]!.node.children! : top);
  const place = (node: SyntaxNode): void => {
    if (pendingBlank.length > 0) {
      container().push(...pendingBlank);
      pendingBlank = [];
    }
    container().push(node);
  };
  const newline = (line: LineSpan, out: SyntaxNode[]): void => {
    if (line.to > line.contentEnd) out.push(leaf('newline', base + line.contentEnd, base + line.to));
  };
  const inline = (a: number, line: LineSpan, out: SyntaxNode[]): void => {
    const candidates = quotes.within(a, line.contentEnd) || slashes.within(a, line.contentEnd);
    pushInline(text, a, line.contentEnd, base, out, candidates);
  };

  forEachLine(text, from, to, (line) => {
    const { from: a, contentEnd: e } = line;
    if (phase === 'header') {
      const parts: SyntaxNode[] = [];
      let b = e;
      while (b > a && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9)) b--;
      parts.push(leaf('moment', base + a, base + b));
      if (e > b) parts.push(leaf('space', base + b, base + e));
      newline(line, parts);
      top.push(branch('header', parts));
      phase = 'stamps';
      return;
    }
    if (phase === 'stamps') {
      const content = text.slice(a, e);
      if (STAMP_LINE.test(content)) {
        const parts: SyntaxNode[] = [];
        const close = content.indexOf(')');
        parts.push(leaf('stamp', base + a, base + a + close + 1));
        if (e > a + close + 1) parts.push(leaf('space', base + a + close + 1, base + e));
        newline(line, parts);
        top.push(branch('revision-stamp', parts));
        return;
      }
      phase = 'body';
      if (!isBlank(text, a, e) && !matchMarker(content) && !isUntitledLine(content)) {
        const parts: SyntaxNode[] = [];
        pushTitle(text, a, e, base, parts);
        newline(line, parts);
        top.push(branch('title', parts, base + a));
        gtd = content.trim() === 'GTD';
        return;
      }
    }
    if (isBlank(text, a, e)) {
      const parts: SyntaxNode[] = [];
      if (e > a) parts.push(leaf('space', base + a, base + e));
      newline(line, parts);
      pendingBlank.push(branch('blank', parts, base + a));
      return;
    }
    const c = text.charCodeAt(a);
    const marker = (c >= 48 && c <= 57) || c === 40 ? matchMarker(text.slice(a, Math.min(e, a + 24))) : undefined;
    const parts: SyntaxNode[] = [];
    let rest = a;
    if (marker) {
      while (open.length > 0 && open[open.length - 1]!.level >= marker.level) open.pop();
      const parent = open[open.length - 1];
      parts.push(leaf('marker', base + a, base + a + marker.length));
      rest = a + marker.length;
      const stamp = rest < e ? ITEM_STAMP.exec(text.slice(rest + 1, Math.min(e, rest + 24))) : null;
      if (stamp && text.charCodeAt(rest) === 32) {
        parts.push(leaf('space', base + rest, base + rest + 1));
        parts.push(leaf('stamp', base + rest + 1, base + rest + 1 + stamp[0].length));
        rest += 1 + stamp[0].length;
      }
      if (gtd && marker.level === 1 && marker.number === 0) {
        const specs: SyntaxNode[] = [];
        rest = pushTimeSpecs(text, rest, e, base, specs);
        if (specs.length > 0) parts.push(branch('sessions', specs));
      } else if (gtd && marker.level === 2 && parent && parent.level === 1 && parent.number !== 0) {
        rest = pushTimeSpecs(text, rest, e, base, parts);
      }
      const item: Open = { level: marker.level, number: marker.number, node: { kind: 'item', from: base + a, to: base + a, children: [] } };
      place(item.node);
      open.push(item);
    }
    if (mails.within(rest, e)) {
      let s = rest;
      while (s < e && text.charCodeAt(s) === 32) s++;
      if (MAIL_HEADER.test(text.slice(s, e))) {
        if (s > rest) parts.push(leaf('space', base + rest, base + s));
        parts.push(branch('mail-header', [leaf('text', base + s, base + e)]));
        rest = e;
      }
    }
    inline(rest, line, parts);
    newline(line, parts);
    const lineNode = branch('line', parts, base + a);
    if (marker) open[open.length - 1]!.node.children!.push(lineNode);
    else place(lineNode);
  });

  top.push(...pendingBlank);
  for (const node of top) closeItems(node);
  return branch(preamble ? 'preamble' : 'entry', top, base + from);
}

/** Sets each item's span from its children, deepest first. */
function closeItems(node: SyntaxNode): void {
  if (node.kind !== 'item' || !node.children) return;
  for (const child of node.children) closeItems(child);
  node.from = node.children[0]!.from;
  node.to = node.children[node.children.length - 1]!.to;
}
