/**
 * `daybook clip MAIL.eml|MBOX`: clips mails into the journal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError, NotFoundError, UsageError } from '../errors.js';
import { readJournal } from '../journal/read.js';
import { findTarget, readRefArg } from '../query/ref.js';
import { appendEntry, checkBody } from '../write/append.js';
import { readNow } from '../calendar/clock.js';
import { formatHeader, momentStyle } from '../write/clock.js';
import { editFile, type Patch } from '../write/edit.js';
import { endOfContent, entriesWithMoment, insertLinesAfter, readEntries, type FoundEntry } from '../write/find.js';
import { baseSubject, readClip, splitMbox, type Clip } from '../write/mail.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson } from './args.js';
import { journalRoot } from './json.js';
import type { ParseArgsOptions } from './args.js';
import { tellNotes, type Io } from './io.js';
import { writeTarget } from './write-target.js';

export const help = `daybook clip MAIL.eml|MBOX [--into REF] [--topics "a, b"] [--file F] [--journal PATH] [--json]

Clips mails into the journal, each as an item headed the journal's way:

  "Name <addr@example.com>"_email_"Subject"_YYYYMMDD_HHMM

(the mail's date in local time), then its plain text (HTML turned into text
when there is no text part; quoted lines kept), then its attachments, listed
by name, type and size, never inlined. An mbox file gives all its mails.

  --into REF       append the mails as the next items of that entry
  --topics "a, b"  the title of the new entry (default: mail)

Without --into, each reply ("Re: ...") goes into the newest entry of the file
that clipped the mail it answers; the other mails make one new entry, headed by
the current moment (DAYBOOK_NOW="2013-02-16 11:07" fixes it, as for every command).`;

/** The flags of `daybook clip`. */
export const options = { ...JOURNAL_OPTIONS, into: { type: 'string' }, topics: { type: 'string' }, file: { type: 'string' } } as const satisfies ParseArgsOptions;

/** Runs `daybook clip`. */
export async function clip(args: string[], io: Io): Promise<number> {
  const flags = flagsOrHelp('clip', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  if (flags.positionals.length !== 1) throw new UsageError(flags.positionals.length ? `clip: one mail file at a time, not ${flags.positionals.length}` : 'clip: no mail file given', 'expected a mail saved as .eml or an mbox file, e.g. daybook clip ~/Downloads/reply.eml');
  const source = path.resolve(io.cwd, flags.positionals[0]!);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(source);
  } catch (err) {
    throw new InputError(`clip: ${flags.positionals[0]}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'expected a mail saved as .eml or an mbox file');
  }
  const mails = splitMbox(bytes);
  if (mails.length === 0) throw new InputError(`clip: ${flags.positionals[0]} holds no mail`, 'expected a mail saved as .eml or an mbox file with at least one mail; nothing was written');
  const clips: Clip[] = [];
  for (const [i, m] of mails.entries()) clips.push(await readClip(m, mails.length > 1 ? `mail ${i + 1} of ${flags.positionals[0]}` : flags.positionals[0]!));
  for (const c of clips) checkBody(c.body, `clip: the text of "${c.subject}"`);
  const now = readNow(io.env);
  let target = writeTarget(io, v);

  // Where the mails go: an entry named by --into, the entry of the mail a reply answers, or a new entry.
  let into: { code: number; file: string; shown: string } | undefined;
  if (v.into !== undefined) {
    const { entry } = findTarget(readJournal(target.files, io.cwd), readRefArg(v.into));
    into = { code: entry.moment!.code, file: path.resolve(io.cwd, entry.file.path), shown: entry.file.path };
  }
  /** The newest entry of the file that clipped the mail `c` answers; undefined when `c` is not a reply or answers nothing there. */
  const replyTo = (entries: FoundEntry[], c: Clip): FoundEntry | undefined => {
    const base = baseSubject(c.subject);
    if (base === c.subject || base === '') return undefined;
    const found = entries.filter((e) => e.detail.mails.some((m) => baseSubject(m.subject) === base));
    return found[found.length - 1];
  };
  if (into) target = { ...target, path: into.file, shown: into.shown };
  const places: string[] = [];
  const result = editFile(target.path, target.shown, (state): Patch[] => {
    places.length = 0;
    // Each mail on its own: into --into, or the entry of the mail it answers; the rest into one new entry.
    const groups = new Map<FoundEntry | undefined, Clip[]>();
    if (into) {
      const found = entriesWithMoment(state, into.code);
      if (found.length !== 1) throw new NotFoundError(`clip: the entry ${v.into} is ${found.length ? 'not alone at its moment' : 'gone'} in ${state.shown}`, 'give the moment of another entry; nothing was written');
      groups.set(found[0], clips);
    } else {
      const entries = readEntries(state);
      for (const c of clips) {
        const entry = replyTo(entries, c);
        groups.set(entry, [...(groups.get(entry) ?? []), c]);
      }
    }
    const patches: Patch[] = [];
    for (const [entry, mails] of groups) {
      if (!entry) continue;
      const top = entry.detail.items.filter((i) => i.level === 1);
      const next = top.length ? Math.max(...top.map((i) => i.number)) + 1 : 1;
      places.push(`the entry ${entry.text.split(/\r?\n/, 1)[0]} as item${mails.length > 1 ? 's' : ''} ${next}${mails.length > 1 ? `-${next + mails.length - 1}` : ''}`);
      const end = endOfContent(entry, entry.detail.entry.from, entry.detail.entry.to);
      patches.push(insertLinesAfter(state, entry, end, mails.flatMap((c, i) => [`${next + i}, ${c.header}`, ...c.body])));
    }
    const fresh = groups.get(undefined);
    if (fresh) {
      const header = formatHeader(now, momentStyle(state.doc));
      places.push(`a new entry ${header}${fresh.length < clips.length ? ` (${fresh.length} mail${fresh.length > 1 ? 's' : ''})` : ''}`);
      // After the insertions: an insertion into the last entry and the new entry meet at the end of the file, in this order.
      patches.push(appendEntry(state, [header, v.topics?.trim() || 'mail', ...fresh.flatMap((c, i) => [`${i + 1}, ${c.header}`, ...c.body])]));
    }
    return patches;
  });
  const placed = places.join(', and ');
  tellNotes(io, result);
  if (v.json) printJson(io, { file: target.shown, placed, mails: clips.map((c) => ({ header: c.header, lines: c.body.length })) }, { root: journalRoot(io, v) });
  else io.stderr.write(`${target.shown}: clipped ${clips.length} mail${clips.length > 1 ? 's' : ''} into ${placed}\n`);
  return 0;
}
