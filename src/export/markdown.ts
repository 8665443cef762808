/**
 * `daybook export markdown DIR`: the journal as a vault that Obsidian and
 * other Markdown tools open. A note per day (`2013-02-16.md`), an entry per
 * heading, with a line under it that carries its moment, its topics as tags
 * and its block id (`^e20130216T1107`); items as nested lists, each with its
 * block id (`^e20130216T1107-5`); every reference a link to the entry or
 * item it names (`[see"11:07 2013-2-16"5](2013-02-16.md#^e20130216T1107-5)`);
 * the parts of a thread linked to each other; an `index.md` of the days and
 * threads. Text is escaped so that nothing of the journal's is read as
 * Markdown; line breaks are kept (hard breaks), and leading spaces (as
 * no-break spaces).
 *
 * ```ts
 * const notes = markdownVault(journalModel(journal, clock));
 * notes.get('2013-02-16.md'); // the day's note
 * ```
 */
import type { Redactor } from '../query/redact.js';
import { bodyLines, type Run } from './lines.js';
import { idDate, type ModelEntry, type ModelSource } from './model.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Backslash-escapes what Markdown (CommonMark, GFM, Obsidian) would read as syntax. */
export function escapeMarkdown(text: string): string {
  let s = text.replace(/[\\`*_[\]<>|~^=$%&#{}!]/g, (c) => `\\${c}`);
  // At a line's start: list markers and setext underlines (`---`), numbered lists.
  s = s.replace(/^(\s*)([-+])/, '$1\\$2').replace(/^(\s*)(\d+)([.)])(?=\s|$)/, '$1$2\\$3');
  return s;
}

/** A topic as an Obsidian tag: letters, digits, `_` and `-` (a `/` would nest it), not only digits. */
export function tagOf(topic: string): string {
  const t = topic
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}_-]/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (t === '') return '';
  return /^[\d-]+$/.test(t) ? `_${t}` : t;
}

/** The note a day's entries go to; entries at an impossible moment go to `undated.md`. */
export function noteOf(entry: ModelEntry): string {
  return entry.valid ? `${entry.moment.slice(0, 10)}.md` : 'undated.md';
}

/** Renders the vault: file name (relative) to Markdown text. */
export function markdownVault(model: ModelSource, options: { redact?: Redactor } = {}): Map<string, string> {
  const r = options.redact ?? ((t: string) => t);
  // Every id names its day, so a link needs no map of where each entry went (targets exist: only resolved references have one).
  const where = (id: string) => {
    const d = idDate(id);
    return d ? `${d}.md` : 'undated.md';
  };
  const link = (label: string, id: string) => `[${label}](${where(id)}#^${id})`;
  const text = (s: string) => escapeMarkdown(r(s));
  const runs = (rs: Run[]) =>
    rs
      .map((x) => {
        if (!x.ref) return text(x.text);
        const id = x.ref.target?.item ?? x.ref.target?.entry;
        return id ? link(escapeMarkdown(x.text), id) : escapeMarkdown(x.text);
      })
      .join('');
  const notes = new Map<string, string[]>();
  // The index: the days, and each thread's parts (id and part only).
  const days = new Set<string>();
  const threads = new Map<string, { id: string; part: number }[]>();
  let files = 0;
  for (const f of model.files) {
    files++;
    for (const e of f.entries) {
      const note = noteOf(e);
      days.add(note);
      if (e.thread) threads.set(e.thread.key, [...(threads.get(e.thread.key) ?? []), { id: e.id, part: e.thread.part }]);
      let out = notes.get(note);
      if (!out) {
        const d = e.valid ? new Date(`${e.moment.slice(0, 10)}T00:00:00Z`) : undefined;
        out = [`# ${e.valid ? `${e.moment.slice(0, 10)} ${WEEKDAYS[d!.getUTCDay()]}` : 'Entries at impossible moments'}`, ''];
        notes.set(note, out);
      }
      // One string an entry, not one a line: the vault is held until it is written.
      out.push(entryMarkdown(e, { text, runs, link, r }).join('\n'));
    }
  }
  const vault = new Map<string, string>();
  for (const [note, lines] of notes) vault.set(note, lines.join('\n').replace(/\n+$/, '') + '\n');
  vault.set('index.md', indexMarkdown(days, threads, files, { link, r }));
  return vault;
}

interface Render {
  text: (s: string) => string;
  runs: (rs: Run[]) => string;
  link: (label: string, id: string) => string;
  r: Redactor;
}

/** One entry: its heading, its meta line (moment, tags, block id), its thread links, its body. */
function entryMarkdown(e: ModelEntry, x: Render): string[] {
  const out: string[] = [];
  const time = e.valid ? e.moment.slice(11) : e.header;
  out.push(`## ${escapeMarkdown(time)} ${e.title !== undefined ? x.text(e.title) : '(untitled)'}`.trimEnd(), '');
  const tags = [...new Set([...e.topics, ...e.qualifiers].map((t) => tagOf(x.r(t))).filter(Boolean))].map((t) => `#${t}`);
  out.push([`\`${e.header}\``, ...tags].join(' ') + ` ^${e.id}`, '');
  if (e.revisions.length) out.push(`Revised ${e.revisions.join(', ')}.`, '');
  if (e.thread) {
    const t = e.thread;
    const parts = [`Thread ${x.text(t.key)}, part ${t.part}${t.subtitle ? `: ${x.text(t.subtitle)}` : ''}.`];
    if (t.previous) parts.push(x.link('previous part', t.previous));
    if (t.next) parts.push(x.link('next part', t.next));
    out.push(parts.join(' '), '');
  }
  for (const o of e.opens) out.push(`Opens the thread ${x.text(o.key)}${o.first ? `: ${x.link('first part', o.first)}` : ''}.`, '');
  // The body: text before the first item as paragraphs, then items as nested lists with block ids.
  const lines = bodyLines(e);
  let para: string[] = [];
  let indent = '';
  const flush = () => {
    if (para.length) out.push(...para.map((l, i) => indent + l + (i < para.length - 1 ? '\\' : '')), '');
    para = [];
  };
  for (const l of lines) {
    if (l.marker) {
      flush();
      const depth = l.depth;
      const written = e.text.slice(l.marker.from, l.marker.markerTo).trim();
      out.push(`${'  '.repeat(depth)}- **${escapeMarkdown(written)}** ${x.runs(l.runs).trim()} ^${l.marker.id}`.replace(/ +\^/, ' ^'), '');
      indent = '  '.repeat(depth + 1);
      continue;
    }
    if (l.blank) {
      flush();
      continue;
    }
    const raw = x.runs(l.runs);
    const lead = /^\s*/.exec(raw)![0];
    para.push('\u00a0'.repeat(lead.replace(/\t/g, '    ').length) + raw.slice(lead.length).trimEnd());
  }
  flush();
  return out;
}

/** The vault's index: every day, and every thread with its parts in order. */
function indexMarkdown(days: Set<string>, threads: Map<string, { id: string; part: number }[]>, files: number, x: Pick<Render, 'link' | 'r'>): string {
  const out = ['# Journal', '', '## Days', ''];
  for (const d of [...days].sort()) out.push(`- [${escapeMarkdown(d.replace(/\.md$/, ''))}](${d})`);
  if (threads.size) {
    out.push('', '## Threads', '');
    for (const [key, parts] of [...threads].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const sorted = [...parts].sort((a, b) => a.part - b.part);
      out.push(`- ${escapeMarkdown(x.r(key))}: ${sorted.map((p) => x.link(`part ${p.part}`, p.id)).join(', ')}`);
    }
  }
  if (files) out.push('', `Exported by daybook from ${files} file${files > 1 ? 's' : ''}.`);
  return out.join('\n') + '\n';
}
