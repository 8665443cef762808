/**
 * `daybook import obsidian DIR`: daily notes, one Markdown file a day named
 * by its date (`2013-02-05.md`, in any folder below DIR). A heading that
 * starts with a time (`## 09:30 standup`) starts an entry at that time,
 * titled by the rest of the heading; the text of the note before its first
 * such heading (its own title heading, a date, left out) is an entry at
 * 0:00, titled by the note's first heading or "daily note". The YAML front
 * matter's `tags` go first in every title of the note. The Markdown is
 * kept as text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { linesOf, validMoment, type ImportEntry, type ImportRead } from './entry.js';

const NAME = /^(\d{4})-(\d{2})-(\d{2})\.md$/;

/** The daily notes below a directory, by path. */
function notesOf(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.isFile() && NAME.test(e.name)) out.push(full);
    }
  };
  visit(dir);
  return out;
}

/** The front matter's tags (`tags: [a, b]`, `tags: a, b` or a `- a` list) and the lines after it. */
function frontMatter(lines: string[]): { tags: string[]; rest: string[] } {
  if (lines[0]?.trim() !== '---') return { tags: [], rest: lines };
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) return { tags: [], rest: lines };
  const tags: string[] = [];
  const head = lines.slice(1, end);
  for (let i = 0; i < head.length; i++) {
    const m = /^tags:\s*(.*)$/.exec(head[i]!);
    if (!m) continue;
    const inline = m[1]!.replace(/^\[|\]$/g, '').trim();
    if (inline) tags.push(...inline.split(',').map((t) => t.trim().replace(/^["']|["']$/g, '').replace(/^#/, '')));
    for (let k = i + 1; k < head.length && /^\s*-\s+/.test(head[k]!); k++) tags.push(head[k]!.replace(/^\s*-\s+/, '').trim().replace(/^["']|["']$/g, '').replace(/^#/, ''));
  }
  return { tags: tags.filter(Boolean), rest: lines.slice(end + 1) };
}

/** Reads a folder of daily notes. */
export function readObsidian(dir: string, shown: string): ImportRead {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new InputError(`import obsidian: ${shown}: no such directory`, 'expected a folder of daily notes named by date, e.g. daybook import obsidian ~/vault/daily (2013-02-05.md, ...); nothing was written');
  }
  if (!stat.isDirectory()) throw new InputError(`import obsidian: ${shown} is not a directory`, 'expected a folder of daily notes named by date, e.g. daybook import obsidian ~/vault/daily; nothing was written');
  const notes = notesOf(dir);
  if (notes.length === 0) throw new InputError(`import obsidian: ${shown} holds no daily note`, 'expected notes named by their date, YYYY-MM-DD.md (e.g. 2013-02-05.md); nothing was written');
  const out: ImportRead = { entries: [], notes: [] };
  for (const file of notes) {
    const name = path.relative(dir, file);
    const [, y, mo, d] = NAME.exec(path.basename(file))!;
    const date = { year: +y!, month: +mo!, day: +d! };
    if (!validMoment({ ...date, hour: 0, minute: 0 })) {
      out.notes.push(`${name}: not a real date: left out`);
      continue;
    }
    const { tags, rest } = frontMatter(linesOf(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')));
    const entries: ImportEntry[] = [];
    let current: ImportEntry | undefined;
    const lead: string[] = [];
    let leadTitle: string | undefined;
    for (const line of rest) {
      const timed = /^#{1,6}\s+(\d{1,2}):(\d{2})\b\s*(.*)$/.exec(line);
      if (timed && +timed[1]! < 24 && +timed[2]! < 60) {
        current = { moment: { ...date, hour: +timed[1]!, minute: +timed[2]! }, title: [...tags, timed[3]!.trim()].filter(Boolean).join(', '), body: [], source: name };
        entries.push(current);
        continue;
      }
      if (current) current.body.push(line);
      else {
        const heading = /^#{1,6}\s+(.*)$/.exec(line);
        // The note's own title (its date, or its first heading) names the entry instead of opening its body.
        if (heading && leadTitle === undefined && lead.every((l) => l.trim() === '')) {
          leadTitle = heading[1]!.trim();
          continue;
        }
        lead.push(line);
      }
    }
    const titled = leadTitle && !/^\d{4}-\d{2}-\d{2}\b/.test(leadTitle) ? leadTitle : undefined;
    if (lead.some((l) => l.trim() !== '')) entries.unshift({ moment: { ...date, hour: 0, minute: 0 }, title: [...tags, titled ?? 'daily note'].join(', '), body: lead, source: name });
    out.entries.push(...entries);
  }
  return out;
}
