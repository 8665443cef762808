/**
 * The journal's language service, as a library: what an editor asks
 * (definition, references, hover, completion, diagnostics, symbols, folding,
 * code actions) answered on the journal model, in offsets of the documents'
 * text. The LSP server (`server.ts`) is a thin wrapper that turns positions
 * into offsets and back.
 *
 * The model is a `Journal`: open documents take the place of their
 * files on disk (read once); an edit re-reads only the entries it touches,
 * so a journal of 100 MB answers within milliseconds after each keystroke.
 * Positions are counted on the model's own chunks: no copy of a whole
 * document is kept beside it.
 */
import path from 'node:path';
import { readNow, type Now } from '../calendar/clock.js';
import { readDetail } from '../model/entry.js';
import { Journal, type SourceFile } from '../model/journal.js';
import type { TopicCount } from '../model/topic-tree.js';
import { formatMoment, readMoment } from '../model/moment.js';
import { findItem, itemPath, resolveDetail } from '../model/references.js';
import { backlinksOf } from '../query/backlinks.js';
import { firstLine, innermost, itemSpot, lineBegin, lineEnd, trimEnd, typedThreadKey } from './text.js';
import { completeReference } from './complete-refs.js';
import { bestEntries } from './match.js';
import { JournalSoFar } from './so-far.js';
import { commandsNow } from './commands.js';
import { inlayHints, lenses, semanticTokens, type InlayHint, type Lens, type Token } from './decorate.js';
import { checkRenamable, RenameRefused, renameEdits } from './rename.js';
import { entriesAt } from '../model/findings.js';
import type { Entry, EntryDetail, Item } from '../model/types.js';
import { readSourceSteps, rereadFile, stillAsSeen, type Seen } from '../journal/disk.js';
import type { Document } from '../syntax/document.js';
import { parseBytes } from '../syntax/bytes.js';
import { parse } from '../syntax/parse.js';
import type { Diagnostic } from '../model/diagnostic.js';

/** A span of a document: its path and offsets. */
export interface Spot {
  file: string;
  from: number;
  to: number;
}

/** A completion offered at a place. */
export interface Completion {
  label: string;
  insert: string;
  detail?: string;
  kind: 'reference' | 'item' | 'topic' | 'thread' | 'marker';
  /** What the client filters on, when not the label. */
  filter?: string;
  /** Offsets of the text the completion replaces. */
  from: number;
  to: number;
}

/** An outline node of a document. */
export interface OutlineNode {
  name: string;
  detail: string;
  from: number;
  to: number;
  /** The line (offsets) that names it. */
  selectFrom: number;
  selectTo: number;
  children: OutlineNode[];
}

/** An edit a code action proposes. */
export interface TextEdit {
  file: string;
  from: number;
  to: number;
  text: string;
}

/** A code action: a title and its edits. */
export interface Action {
  title: string;
  edits: TextEdit[];
}

/** What a read-ahead read: files, their entries, and bytes. */
export interface ReadAhead {
  files: number;
  entries: number;
  bytes: number;
}

/** How many entries' heads a step of the read-ahead reads (once the files are read): a few milliseconds' worth, questions come meanwhile. */
const HEADS_STEP = 2000;

/** The language service over a journal's files. */
export class JournalService {
  private readonly open = new Set<string>();
  private live?: Journal;
  /**
   * A read-ahead under way (`startReadAhead`): its steps; the journal it
   * fills with the heads of entries (it becomes `live` when they are done);
   * whether it still reads files from disk; the files it has read and cut
   * into entries, and the documents the editor opened meanwhile, whose
   * heads it reads after the files' bytes, in that order (each leaves its
   * map as it joins the journal).
   */
  private ahead?: { steps: Generator<void, void>; journal: Journal; read: ReadAhead; disk: boolean; files: Map<string, SourceFile>; opened: Map<string, Document> };
  /** What the read-ahead read, once it is done. */
  private readAheadDone?: ReadAhead;
  /** What was seen of each file when it was last read from disk. */
  private readonly seen = new Map<string, Seen>();

  constructor(
    /** The journal's files (absolute paths); documents opened outside them join the journal. */
    private files: string[],
    /** The clock (DAYBOOK_NOW and DAYBOOK_TODAY fix it, as for every command). */
    private readonly now: () => Now = () => readNow(process.env),
    /** Lists the journal's files again (a new month's file); `refresh` calls it. */
    private readonly list?: () => string[],
  ) {
    this.files = files.map((f) => path.resolve(f));
  }

  /**
   * Reads again the files that changed on disk and are not open (another
   * command wrote them), and takes in files added to the journal. True when
   * anything changed. The server calls it every second.
   */
  refresh(): boolean {
    // While the journal is read ahead, a file not read yet is read as it is now: only one it read already and that
    // changed since has the read-ahead finished first (so that the answers meanwhile do not wait for it).
    if (this.ahead && [...this.seen].every(([f, seen]) => this.open.has(f) || stillAsSeen(f, seen))) return false;
    this.settle();
    if (!this.live) return false;
    let changed = false;
    if (this.list) {
      try {
        const listed = this.list().map((f) => path.resolve(f));
        if (listed.length !== this.files.length || listed.some((f, i) => f !== this.files[i])) {
          this.setFiles(listed);
          changed = true;
        }
      } catch {
        // The journal's directory is gone or empty for now: keep what we have.
      }
    }
    for (const f of this.files) {
      if (this.open.has(f)) continue;
      const r = rereadFile(this.live, f, f, this.seen.get(f));
      if (r.seen) this.seen.set(f, r.seen);
      else this.seen.delete(f);
      if (r.how !== 'same') changed = true;
    }
    return changed;
  }

  /** Opens a document, or replaces its whole text. */
  update(file: string, text: string): void {
    this.settle();
    const f = path.resolve(file);
    // A file read from disk already (a question before the open, or another document's open, read the journal)
    // whose text the editor opens as it is on disk: kept, not parsed again; an unsaved change is an edit of it.
    const known = this.live?.file(f) !== undefined;
    this.open.add(f);
    const journal = this.journal();
    if (known && journal.update(f, text)) return;
    journal.set({ path: f, doc: parse(text) });
  }

  /**
   * Opens a document from the UTF-8 bytes of its text: its entries are read
   * by their heads, and an entry's text is decoded when it is asked for, so
   * a large document answers before it is decoded whole. A file read from
   * disk already (`readAhead`) is compared with the bytes: `kept` when they
   * are the file as read (nothing is read again), else the span that differs
   * is applied as an edit. During a read-ahead, a file it has not read (or
   * is reading) is not read from disk: the read-ahead reads these bytes
   * after the other files, and their header lines are read now, so that
   * questions about the document are answered meanwhile (`soFar`).
   */
  openBytes(file: string, bytes: Buffer): 'kept' | 'read' {
    const f = path.resolve(file);
    const ahead = this.ahead;
    const read = ahead?.files.get(f)?.doc.bytes;
    if (ahead && read && (read === bytes || read.equals(bytes))) {
      // Read from disk and cut into entries, not yet in the journal: kept as read.
      this.open.add(f);
      return 'kept';
    }
    if (ahead && !ahead.journal.file(f) && !ahead.files.has(f) && !ahead.opened.has(f)) {
      // Not read from disk yet (or being read): the editor's text takes its place, read by the read-ahead after the
      // files; questions meanwhile find its entries by their header lines (`JournalSoFar`).
      this.open.add(f);
      const doc = parseBytes(bytes).doc;
      ahead.opened.set(f, doc);
      // Its header lines read now: an editor asks its first questions as soon as it has sent the open.
      JournalSoFar.prepare(f, doc);
      return 'read';
    }
    this.settle();
    const known = this.live?.file(f);
    if (known) {
      // Read from disk already (`readAhead`): an unchanged file is kept as it is, without decoding the editor's
      // text; a changed one is compared with it.
      this.open.add(f);
      const disk = known.doc.unchangedBytes();
      if (disk === bytes || disk?.equals(bytes)) return 'kept';
      // An unsaved change: the span that differs, as an edit (found by comparing bytes, not decoding them).
      const edit = known.doc.editTo(bytes);
      if (!edit || !this.live!.edit(f, edit.from, edit.to, edit.insert)) this.update(f, bytes.toString('utf8'));
      return 'read';
    }
    this.open.add(f);
    this.journal().set({ path: f, doc: parseBytes(bytes).doc });
    return 'read';
  }

  /**
   * Reads the journal's files from disk now, unless a question has read
   * them already (`startReadAhead` and its steps, all at once). What was
   * read, or undefined when nothing was.
   */
  readAhead(): ReadAhead | undefined {
    if (!this.startReadAhead()) return undefined;
    const read = this.ahead!.read;
    this.settle();
    return read;
  }

  /**
   * Starts reading the journal's files from disk, in steps
   * (`readAheadStep`): the server does it as soon as the editor has started
   * it, while the editor encodes the text of the documents it opens
   * (seconds for a large file), and messages that arrive meanwhile are read
   * between the steps. A question before the last step has the rest done
   * at once, except the questions `soFar` answers. A file the editor then
   * opens as it is on disk is kept as read; one it opens before it was read
   * is read from the editor's bytes instead, after the other files
   * (`openBytes`). False when the files were read already.
   */
  startReadAhead(): boolean {
    if (this.live || this.ahead) return false;
    const journal = new Journal([]);
    const read: ReadAhead = { files: 0, entries: 0, bytes: 0 };
    const files = this.files.filter((f) => !this.open.has(f));
    const readFiles = new Map<string, SourceFile>();
    const opened = new Map<string, Document>();
    const steps = function* (this: JournalService): Generator<void, void> {
      // First the files' bytes, cut into entries: what the first questions need (`soFar`), a tenth of the time the
      // heads take.
      for (const f of files) {
        // A file the editor opens meanwhile is not read (further) from disk: its document is read below.
        if (this.open.has(f)) continue;
        const reading = readSourceSteps(f, f);
        let r: IteratorResult<void, { source?: SourceFile; seen?: Seen }>;
        while (!(r = reading.next()).done) {
          yield;
          if (this.open.has(f)) break;
        }
        if (!r.done) {
          // (Its file, if open, is closed.)
          reading.return(undefined as never);
          continue;
        }
        if (r.value.seen) this.seen.set(f, r.value.seen);
        else this.seen.delete(f);
        if (!r.value.source) continue;
        readFiles.set(f, r.value.source);
        read.files++;
        read.bytes += r.value.seen?.size ?? 0;
      }
      this.ahead!.disk = false;
      yield;
      // Then the heads of their entries, and of the documents opened, in small steps: questions come meanwhile.
      for (const [f, source] of readFiles) {
        yield* journal.setSteps(source, HEADS_STEP);
        readFiles.delete(f);
        JournalSoFar.forget(source.doc);
        read.entries += journal.file(f)?.entries.length ?? 0;
      }
      for (const [f, doc] of opened) {
        yield* journal.setSteps({ path: f, doc }, HEADS_STEP);
        opened.delete(f);
        JournalSoFar.forget(doc);
      }
    }.call(this);
    this.ahead = { steps, journal, read, disk: true, files: readFiles, opened };
    return true;
  }

  /** Does the next step of the read-ahead: what it read once it is done (also when a question finished it), else undefined. */
  readAheadStep(): ReadAhead | undefined {
    const ahead = this.ahead;
    if (!ahead) return this.readAheadDone;
    if (!ahead.steps.next().done) return undefined;
    this.ahead = undefined;
    this.live = ahead.journal;
    return (this.readAheadDone = ahead.read);
  }

  /** True while a read-ahead is under way. */
  get readingAhead(): boolean {
    return this.ahead !== undefined;
  }

  /** True while the read-ahead reads the heads of entries (the files read already): questions are answered meanwhile (see `soFar`). */
  get readingHeads(): boolean {
    return this.ahead !== undefined && !this.ahead.disk;
  }

  /** Finishes a read-ahead under way: the journal is whole before anything reads or changes it. */
  private settle(): void {
    while (this.ahead) this.readAheadStep();
  }

  /**
   * The bytes of the files read from disk and not open, as read (none edited
   * since): the transport compares a large open's text with them as it
   * arrives, and gives the bytes it equals instead of a copy. While a
   * read-ahead is under way, those of the files it has read whole.
   */
  diskTexts(): Buffer[] {
    const ahead = this.ahead;
    const files: { path: string; doc: Document }[] = ahead ? [...ahead.journal.files, ...ahead.files.values()] : (this.live?.files ?? []);
    const out: Buffer[] = [];
    for (const f of files) {
      if (this.open.has(f.path)) continue;
      const bytes = f.doc.unchangedBytes();
      if (bytes) out.push(bytes);
    }
    return out;
  }

  /**
   * Replaces `[from, to)` of an open document with `text`: only the entries
   * around the edit are read again.
   */
  edit(file: string, from: number, to: number, text: string): void {
    const f = path.resolve(file);
    const journal = this.journal();
    if (journal.edit(f, from, to, text)) return;
    const doc = journal.file(f)?.doc;
    const old = doc ? doc.slice(0, doc.length) : '';
    this.update(f, old.slice(0, from) + text + old.slice(to));
  }

  /** Closes a document: its file on disk counts again (a file outside the journal leaves it). */
  close(file: string): void {
    this.settle();
    const f = path.resolve(file);
    this.open.delete(f);
    if (!this.live) return;
    // The editor's text may not be what is on disk: compare it with the file.
    this.seen.delete(f);
    if (this.files.includes(f)) this.readDisk(f);
    else this.live.remove(f);
  }

  /** The journal as the editor sees it now. */
  journal(): Journal {
    this.settle();
    if (this.live) return this.live;
    // The files read from disk at once, as a read-ahead does it in steps (an open document's file is not: the
    // editor's text takes its place). Entries are read by their heads first (what names, orders and threads them):
    // the first answers come from those; the first question that needs every entry whole reads them then.
    this.startReadAhead();
    this.settle();
    return this.live!;
  }

  /** Reads a file from disk again, as far as it changed since it was last read (an append is read from the old end). */
  private readDisk(f: string): void {
    const r = rereadFile(this.live!, f, f, this.seen.get(f));
    if (r.seen) this.seen.set(f, r.seen);
    else this.seen.delete(f);
  }

  /**
   * What a question is answered on: the journal, or while a read-ahead is
   * under way, the journal so far: the files whose heads it has read, then
   * the files it has read and cut and the documents the editor opened,
   * known by their header lines (the files still to be read are read and
   * cut first, a tenth of the time their heads take). Positions,
   * definitions and hovers do not wait for the heads; the other questions
   * do.
   */
  private soFar(): JournalSoFar {
    while (this.ahead?.disk) this.readAheadStep();
    const ahead = this.ahead;
    return (ahead ? JournalSoFar.of(ahead.journal, [...[...ahead.files].map(([f, s]): [string, Document] => [f, s.doc]), ...ahead.opened]) : undefined) ?? JournalSoFar.whole(this.journal());
  }

  private doc(file: string): Document | undefined {
    return this.soFar().doc(path.resolve(file));
  }

  /** The 0-based line and column of an offset of a file, as editors count them. */
  position(file: string, offset: number): { line: number; character: number } | undefined {
    return this.doc(file)?.position(offset);
  }

  /** The offset of a line and column of a file; undefined past its last line. */
  offsetAt(file: string, line: number, character: number): number | undefined {
    return this.doc(file)?.offsetAt(line, character);
  }

  /** The length of a file's text. */
  length(file: string): number | undefined {
    return this.doc(file)?.length;
  }

  private entryAt(file: string, offset: number, soFar = JournalSoFar.whole(this.journal())): Entry | undefined {
    return soFar.entryAt(path.resolve(file), offset);
  }

  private detailAt(file: string, offset: number, soFar = JournalSoFar.whole(this.journal())): { entry: Entry; detail: EntryDetail } | undefined {
    const entry = this.entryAt(file, offset, soFar);
    if (!entry) return undefined;
    return { entry, detail: resolveDetail(readDetail(entry), soFar) };
  }

  /** Where the reference at an offset points: the entry's header, or the item. */
  definition(file: string, offset: number): Spot[] {
    return this.definitionIn(this.soFar(), file, offset);
  }

  private definitionIn(soFar: JournalSoFar, file: string, offset: number): Spot[] {
    const here = this.detailAt(file, offset, soFar);
    if (!here) return [];
    const ref = here.detail.references.find((r) => r.from <= offset && offset <= r.to);
    if (!ref) return [];
    if (ref.kind === 'item') return ref.targetItem ? [itemSpot(here.entry, ref.targetItem)] : [];
    return ref.targets.map((t) => {
      if (ref.path.length) {
        const item = findItem(readDetail(t).items, ref.path);
        if (item) return itemSpot(t, item);
      }
      return { file: t.file.path, from: t.from, to: t.headerTo };
    });
  }

  /** The references to the entry (on its header or title) or item (on its marker line) at an offset. */
  references(file: string, offset: number): Spot[] {
    const here = this.detailAt(file, offset);
    if (!here || !here.entry.moment?.valid) return [];
    const { entry, detail } = here;
    const item = innermost(detail.items, offset);
    const onItem = item && offset >= item.marker.from && offset <= lineEnd(entry, item.from) ? item : undefined;
    if (!onItem && offset > lineEnd(entry, entry.titleFrom >= 0 ? entry.titleFrom : entry.from)) return [];
    return backlinksOf(this.journal(), entry, onItem).map((b) => ({ file: b.file, from: b.from, to: b.to }));
  }

  /** The target of the reference at an offset, as Markdown: its title and first lines. */
  hover(file: string, offset: number): { text: string; from: number; to: number } | undefined {
    const soFar = this.soFar();
    const here = this.detailAt(file, offset, soFar);
    const ref = here?.detail.references.find((r) => r.from <= offset && offset <= r.to);
    if (!here || !ref) return undefined;
    const [spot] = this.definitionIn(soFar, file, offset);
    if (!spot) return { text: 'names no entry of this journal', from: ref.from, to: ref.to };
    const doc = soFar.doc(spot.file)!;
    const entry = soFar.entryAt(spot.file, spot.from)!;
    const lines = doc.textOf({ from: spot.from, to: entry.to }).split(/\r?\n/).slice(0, 6).join('\n');
    const title = entry.title?.text ?? '(untitled)';
    return { text: `**${title}** · ${formatMoment(entry.moment!)} · ${path.basename(spot.file)}:${doc.position(spot.from).line + 1}\n\n\`\`\`text\n${lines.replace(/```/g, '` ``')}\n\`\`\``, from: ref.from, to: ref.to };
  }

  /** The line around an offset of a file: its start and its text up to the offset. */
  private lineBefore(file: string, offset: number): { lineStart: number; before: string } {
    const doc = this.doc(file);
    if (!doc) return { lineStart: offset, before: '' };
    const { line } = doc.position(offset);
    const lineStart = doc.offsetAt(line, 0) ?? offset;
    return { lineStart, before: doc.textOf({ from: lineStart, to: offset }) };
  }

  /** Completions at an offset. */
  complete(file: string, offset: number): Completion[] {
    const { lineStart, before } = this.lineBefore(file, offset);
    const journal = this.journal();
    // A reference: after see" or a quote, entries by moment or title words; after a closing quote, the target's items.
    const doc = this.doc(file);
    const refs = doc ? completeReference(journal, doc, before, offset) : undefined;
    if (refs !== undefined) return refs;
    // \TODO.
    const slash = /\\([A-Za-z]*)$/.exec(before);
    if (slash) return ['TODO', 'DONE'].filter((m) => m.startsWith(slash[1]!.toUpperCase())).map((m) => ({ label: `\\${m}`, insert: `\\${m}: `, kind: 'marker' as const, from: offset - slash[0].length, to: offset }));
    // A title line: the topics that follow the ones written, and the thread's next contN.
    const entry = this.entryAt(file, offset);
    if (entry && entry.titleFrom >= 0 && lineStart === lineBegin(entry, entry.titleFrom)) {
      const parts = before.split(',').map((s) => s.trim());
      const typed = parts.pop() ?? '';
      const level: TopicCount[] = journal.topicsAfter(parts);
      const from = offset - typed.length;
      const out: Completion[] = level.filter((n) => n.topic.toLowerCase().startsWith(typed.toLowerCase())).map((n) => ({ label: n.topic, insert: n.topic, detail: `${n.entries} entries, last ${n.last}`, kind: 'topic' as const, from, to: offset }));
      // The thread the phrases name, a sub-thread's too (`a, b, cont3, c` names "a, b / c"), as the journal keys it.
      const typedKey = typedThreadKey(parts);
      const key = [...journal.threadKeys()].find((k) => k.toLowerCase() === typedKey.toLowerCase()) ?? typedKey;
      const next = journal.nextPart(key);
      if (next !== undefined && 'cont'.startsWith(typed.toLowerCase().replace(/\d+$/, ''))) {
        out.unshift({ label: `cont${next}`, insert: `cont${next}`, detail: `the next part of "${key}"`, kind: 'thread', from, to: offset });
      }
      return out;
    }
    return [];
  }

  /**
   * Reads entries whole for at most `ms` milliseconds (see
   * `Journal.readWholeFor`); true when all are. Nothing while the
   * read-ahead is under way (it has steps of its own).
   */
  readWholeFor(ms: number): boolean {
    return !this.ahead && this.journal().readWholeFor(ms);
  }

  /** True when every entry is read whole; false while the read-ahead is under way (it waits for nothing). */
  get readWholly(): boolean {
    return !this.ahead && this.journal().readWholly;
  }

  /** The findings of `daybook check` in a file. */
  diagnostics(file: string): Diagnostic[] {
    return this.journal().fileDiagnostics(path.resolve(file));
  }

  /** The entries of a file and their items, as an outline (of a large file, its last `OUTLINE_ENTRIES` entries). */
  outline(file: string): OutlineNode[] {
    const f = this.journal().file(path.resolve(file));
    if (!f) return [];
    // A large file is outlined by its last entries, where the user writes: the outline of 100 MB would take seconds to build and send, after every pause in typing.
    return f.entries.slice(-OUTLINE_ENTRIES).map((e) => {
      const d = readDetail(e);
      const node = (it: Item): OutlineNode => ({ name: firstLine(e, it.from), detail: itemPath(it), from: it.from, to: Math.max(it.from, trimEnd(e, it.to)), selectFrom: it.from, selectTo: lineEnd(e, it.from), children: it.children.map(node) });
      return { name: e.title?.text ?? '(untitled)', detail: e.moment ? formatMoment(e.moment) : '', from: e.from, to: Math.max(e.headerTo, trimEnd(e, e.to)), selectFrom: e.from, selectTo: e.headerTo, children: d.items.map(node) };
    });
  }

  /**
   * Entries of the whole journal that match the query: its words in any
   * order, in the title or the moment, or the initials of the title's words;
   * best match first, then newest.
   */
  symbols(query: string): (Spot & { name: string; detail: string })[] {
    return bestEntries(this.journal(), query, 500)
      .map((e) => ({ name: e.title?.text ?? '(untitled)', detail: e.moment ? formatMoment(e.moment) : '', file: e.file.path, from: e.from, to: e.headerTo }));
  }

  /**
   * What a rename at an offset would rename: the moment of the entry whose
   * header it is on, or of the entry a reference there names. Refuses
   * (`RenameRefused`, with the reason) where it cannot be done safely.
   */
  renameAt(file: string, offset: number): { entry: Entry; from: number; to: number; text: string } {
    const here = this.detailAt(file, offset);
    if (!here) throw new RenameRefused('nothing to rename here: rename works on the moment of an entry\'s header, or on a reference to it');
    const { entry, detail } = here;
    const header = entry.file.doc.textOf(entry.header);
    const lead = header.length - header.trimStart().length;
    if (offset >= entry.from && offset <= entry.headerTo) {
      checkRenamable(this.journal(), entry);
      return { entry, from: entry.from + lead, to: entry.from + lead + header.trim().length, text: header.trim() };
    }
    const ref = detail.references.find((r) => r.from <= offset && offset <= r.to);
    if (!ref || ref.kind !== 'moment') throw new RenameRefused('nothing to rename here: rename works on the moment of an entry\'s header, or on a reference to it');
    if (ref.targets.length === 0) throw new RenameRefused('this reference names no entry of the journal (it dangles): there is no header to rename with it');
    if (ref.targets.length > 1) throw new RenameRefused(`${ref.targets.length} entries have this moment: their references cannot be told apart; give each its own moment by hand first`);
    checkRenamable(this.journal(), ref.targets[0]!);
    const written = entry.file.doc.textOf(ref);
    const close = written.indexOf('"', 1);
    return { entry: ref.targets[0]!, from: ref.from + 1, to: ref.from + close, text: written.slice(1, close) };
  }

  /** The edits of a rename at an offset to the moment `typed`: the header and every reference, in every file. */
  rename(file: string, offset: number, typed: string): TextEdit[] {
    const { entry } = this.renameAt(file, offset);
    return renameEdits(this.journal(), entry, typed);
  }

  /** The hints after the references of `[from, to)` of a file. */
  inlayHints(file: string, from: number, to: number): InlayHint[] {
    return inlayHints(this.journal(), path.resolve(file), from, to);
  }

  /** The counts of references on a file's headers and referenced items (of a large file, its last `OUTLINE_ENTRIES` entries). */
  lenses(file: string): Lens[] {
    return lenses(this.journal(), path.resolve(file), OUTLINE_ENTRIES);
  }

  /** The semantic tokens of `[from, to)` of a file. */
  tokens(file: string, from: number, to: number): Token[] {
    return semanticTokens(this.journal(), path.resolve(file), from, to);
  }

  /** The text of `[from, to)` of a file. */
  text(file: string, from: number, to: number): string {
    return this.doc(file)?.textOf({ from, to }) ?? '';
  }

  /** The journal's files (absolute paths). */
  journalFiles(): string[] {
    return [...this.files];
  }

  /** Now, by the service's clock. */
  clock(): Now {
    return this.now();
  }

  /** The commands that make sense now, for the code action menu (see `commandsNow`). */
  commandsNow(): { title: string; command: string }[] {
    return this.files.length ? commandsNow(this.journal(), this.now()) : [];
  }

  /** Foldable spans of a file: entries and items (their first line stays). */
  folds(file: string): { from: number; to: number }[] {
    return this.outline(file).flatMap(function walk(n: OutlineNode): { from: number; to: number }[] {
      return [{ from: n.from, to: n.to }, ...n.children.flatMap(walk)];
    });
  }

  /** What can be done at an offset. */
  actions(file: string, offset: number): Action[] {
    const out: Action[] = [];
    const f = path.resolve(file);
    const doc = this.doc(f);
    if (!doc) return out;
    const now = this.now();
    const header = `${now.hour}:${String(now.minute).padStart(2, '0')} ${now.year}-${String(now.month).padStart(2, '0')}-${String(now.day).padStart(2, '0')}`;
    const end = doc.length;
    const tail = doc.textOf({ from: Math.max(0, end - 2), to: end });
    const sep = end === 0 ? '' : tail.endsWith('\n\n') ? '' : tail.endsWith('\n') ? '\n' : '\n\n';
    out.push({ title: `Add a new entry (${header})`, edits: [{ file: f, from: end, to: end, text: `${sep}${header}\n` }] });
    const here = this.detailAt(file, offset);
    if (here) {
      const { entry, detail } = here;
      if (entry.thread || entry.openerHash) {
        const journal = this.journal();
        const key = entry.thread?.key ?? detail.openerKey;
        const next = key ? journal.nextPart(key) : undefined;
        if (next !== undefined && entry.titleFrom >= 0) {
          const base = entry.thread ? entry.file.doc.textOf({ from: entry.titleFrom, to: entry.thread.partFrom }) : `${entry.title!.text}, `;
          out.push({ title: `Continue the thread "${key}" (cont${next})`, edits: [{ file: f, from: end, to: end, text: `${sep}${header}\n${base.trimStart()}cont${next}\n` }] });
        }
      }
      const { line: lineNo } = doc.position(offset);
      const lineFrom = doc.offsetAt(lineNo, 0) ?? offset;
      const lineTo = doc.offsetAt(lineNo, Number.MAX_SAFE_INTEGER) ?? offset;
      const todo = detail.todos.find((t) => t.state === 'open' && t.marker.from >= lineFrom && t.marker.from <= lineTo);
      if (todo) out.push({ title: 'Close this \\TODO (\\DONE)', edits: [{ file: f, from: todo.marker.from + 1, to: todo.marker.from + 5, text: 'DONE' }] });
      // A bare moment in the text that names an entry: make it a reference. Not a revision or item stamp "(20:31 2013-02-22)", which is no reference.
      const line = doc.textOf({ from: lineFrom, to: lineTo });
      const stamps = [...detail.revisions, ...detail.stamps];
      for (const m of line.matchAll(/(?<!["\d])(\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2})(?![\d"])/g)) {
        const from = lineFrom + m.index!;
        const to = from + m[0].length;
        if (offset < from || offset > to || from === entry.from) continue;
        if (stamps.some((st) => st.from < to && from < st.to)) continue;
        const moment = readMoment(m[0]);
        if (!moment?.valid || entriesAt(this.journal(), moment).length === 0) continue;
        out.push({ title: `Make "${m[0]}" a reference`, edits: [{ file: f, from, to, text: `"${m[0]}"` }] });
      }
    }
    return out;
  }

  /** Replaces the journal's files (when the workspace changes); open documents stay as the editor has them. */
  setFiles(files: string[]): void {
    this.settle();
    const next = files.map((f) => path.resolve(f));
    if (this.live) {
      for (const f of this.files) {
        if (next.includes(f) || this.open.has(f)) continue;
        this.live.remove(f);
        this.seen.delete(f);
      }
      for (const f of next) if (!this.files.includes(f) && !this.open.has(f)) this.readDisk(f);
    }
    this.files = next;
  }
}

/** The most entries of a file its outline (and its folds) shows: the last ones. */
export const OUTLINE_ENTRIES = 1000;
