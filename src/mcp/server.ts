/**
 * The journal for AI assistants: a Model Context Protocol server (the
 * official TypeScript SDK) whose tools only read. Each tool is a thin call
 * of a query the CLI and the web app use (search, show, backlinks, thread,
 * TODOs, hours, the weekly report); every string it returns passes through
 * the config's redactor (mail addresses and phone numbers unless turned
 * off, names, the journal's people, patterns) — always, the assistant never
 * sees the journal unredacted. No tool writes the journal: the files are
 * read (again as they change), the search index is daybook's own cache.
 *
 * ```ts
 * const mcp = journalMcp({ files, indexFile, config, now });
 * await mcp.server.connect(new StdioServerTransport());
 * ```
 */
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { addDays, readDayText, type Day, type DayRange } from '../calendar/index.js';
import { Moment } from '../model/moment.js';
import { DaybookError } from '../errors.js';
import { hoursOf } from '../hours/hours.js';
import { printReport, workReport } from '../hours/report.js';
import { closeIndex, MEMORY, openIndex, type Index } from '../indexing/open.js';
import type { MeaningOptions } from '../query/meaning.js';
import { syncIndex } from '../indexing/sync.js';
import type { Config } from '../journal/config.js';
import { DiskJournal } from '../journal/disk.js';
import type { Journal } from '../model/journal.js';
import { backlinks } from '../query/backlinks.js';
import { conventional } from '../cli/json.js';
import { readRangeInput } from '../query/range.js';
import { redactor, type Redactor } from '../query/redact.js';
import { readRefArg } from '../query/ref.js';
import { searchJournal } from '../query/search.js';
import { show } from '../query/show.js';
import { findThread, viewThread } from '../query/thread.js';
import { listTodos } from '../query/todos.js';
import { listPeople } from '../query/topics.js';

/** What the server needs. */
export interface McpOptions {
  /** The journal's files: the path to read and the name answers give it (relative to the journal). */
  files: { path: string; shown: string }[];
  /** Lists the files again (a new month's file). */
  list?: () => { path: string; shown: string }[];
  /** The index file (a cache; in memory when it cannot be used). */
  indexFile: string;
  config: Config;
  /** Today and the minutes since its midnight. */
  now: () => { today: string; minutes: number };
  /** Where notices go (stderr: stdout is the protocol's). */
  log?: (line: string) => void;
  /** The configured embedding model's part in a search by meaning (see `prepareNear`); without it, the dictionary alone. */
  near?: (index: Index, query: string) => Promise<MeaningOptions>;
}

/** The tools, by name: what each is for (the assistant reads it). */
export const TOOLS = {
  search: 'Full-text search of the journal: entries that hold every term (words, "a phrase", -word to leave out, prefix*), ranked; each with its moment, title and a snippet. Filters: topic, thread, dates (since/until/on: 2013-02-16, 2013-02, 2013-W08, today, last week).',
  show: 'The text of an entry, or of one item of it, as written: give its moment as in the journal ("11:07 2013-2-16"), maybe with an item path ("11:07 2013-2-16"5 or 2013-02-16 11:07#5).',
  backlinks: 'Every reference to an entry or item across the journal, with the line it stands on.',
  thread: 'The parts of a thread (entries whose titles continue one another with cont1, cont2, ...), in order, with gaps: give the thread name ("wal, fsync latency") or the moment of one of its entries.',
  todos: 'The \\TODO items of the journal (open by default, or done, or all), the newest first, each with its entry, age and text; maybe only those of a topic. Answers the total and a page (limit, default 100).',
  hours: 'Hours of a range of days from the GTD day entries: presence, logged and focused time against the daily target, and the balance. Range: day, week (2013-W08), month (2013-02), or since/until; this week by default.',
  report: 'The weekly work report, as Markdown: what was worked on, by thread, with the hours. Range as for hours (a week by default).',
} as const;

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

/** Replaces every string of a value (keys kept) with its redacted text. */
export function redactValue<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, redact)])) as T;
  return value;
}

/**
 * The journal as the hours of a range see it: its entries only those from a
 * month and a week before the range to a week after it (what `hoursOf` and
 * `workReport` read: whole weeks and the month's balance), found by moment
 * rather than by a pass over every entry of a large journal.
 */
export function journalAround(journal: Journal, range: DayRange): Journal {
  // A range open at either end (since a day, until a day): the whole journal.
  if (range.from < 10000101 || range.to > 99991231) return journal;
  const code = (day: number, end: boolean) => {
    const [y, m, d] = [Math.floor(day / 10000), Math.floor(day / 100) % 100, day % 100];
    return new Moment(y, m, d, 0, 0).code + (end ? 1439 : 0);
  };
  const from = code(addDays(range.from, -40), false);
  const to = code(addDays(range.to, 8), true);
  return Object.create(journal, { entries: { value: journal.entriesBetween(from, to) } }) as Journal;
}

/** The journal as the server holds it: read again when files change, the index synced, the redactor made again. */
class Held {
  readonly disk: DiskJournal;
  private redact$?: Redactor;
  private synced = false;
  private readonly memo = new Map<string, unknown>();

  private syncing?: Promise<Index>;
  private inMemory = false;

  constructor(
    private readonly opts: McpOptions,
    public index: Index,
  ) {
    this.disk = new DiskJournal(opts.files.map((f) => ({ path: f.path, name: f.shown })), { whole: true });
  }

  get journal(): Journal {
    return this.disk.journal;
  }

  /** Reads again what changed on disk (a stat of each file when nothing did). */
  async refresh(resync = false): Promise<void> {
    if (resync) this.synced = false;
    const listed = this.opts.list !== undefined && this.disk.relist(this.opts.list);
    const changed = this.disk.refresh();
    if (changed.size || listed) {
      this.memo.clear();
      this.redact$ = undefined;
      this.synced = false;
    }
  }

  /** The index, brought up to date with the files (one sync at a time); a file that cannot be used gives way to an index in memory. */
  searchIndex(): Promise<Index> {
    if (this.synced) return Promise.resolve(this.index);
    return (this.syncing ??= (async () => {
      const sync = () => syncIndex(this.index, this.disk.sources, undefined, { known: (p) => this.disk.seenAt(p) });
      try {
        await sync();
      } catch (err) {
        if (this.inMemory) throw err;
        this.opts.log?.(`daybook mcp: cannot use the index ${this.opts.indexFile} (${(err as Error).message.split('\n')[0]}); searching with an index in memory`);
        closeIndex(this.index);
        this.index = openIndex(MEMORY);
        this.inMemory = true;
        await sync();
      }
      this.synced = true;
      return this.index;
    })().finally(() => (this.syncing = undefined)));
  }

  /** What `make` answers for this version of the journal, worked out once. */
  cached<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }

  /** The redactor of the config, with the journal's people when the config asks for them. */
  get redact(): Redactor {
    const spec = this.opts.config.redact ?? {};
    return (this.redact$ ??= redactor(spec, spec.people ? listPeople(this.journal).map((p) => p.name) : []));
  }
}

/** Opens the index (in memory when the file cannot be used); it is synced when first searched. */
function openUsableIndex(opts: McpOptions): Index {
  try {
    return openIndex(opts.indexFile);
  } catch (err) {
    opts.log?.(`daybook mcp: cannot use the index ${opts.indexFile} (${(err as Error).message.split('\n')[0]}); searching with an index in memory`);
    return openIndex(MEMORY);
  }
}

/** The server and a way to close what it holds. */
export interface JournalMcp {
  server: McpServer;
  close(): void;
}

/** Makes the server, its tools registered; connect it to a transport. */
export function journalMcp(opts: McpOptions): JournalMcp {
  const server = new McpServer({ name: 'daybook', version: '0.1.0' }, { instructions: 'A plain-text work journal, read-only. Entries are named by their moment as written in the journal ("11:07 2013-2-16"); references between entries are quoted moments. Private details (mail addresses, phone numbers, names the user chose) are replaced by [mail], [phone], [name], [redacted].' });
  const today = (): Day => readDayText(opts.now().today)!;
  // The journal is read once the client has said hello (a large journal takes seconds: the
  // handshake is answered first), then the index is synced; a call before waits for them.
  let held$: Promise<Held> | undefined;
  let heldNow: Held | undefined;
  const load = (): Promise<Held> =>
    (held$ ??= new Promise<Held>((resolve, reject) =>
      setImmediate(() => {
        try {
          resolve((heldNow = new Held(opts, openUsableIndex(opts))));
        } catch (err) {
          reject(err);
        }
      }),
    ));
  server.server.oninitialized = () => {
    load()
      .then((h) => h.searchIndex())
      .catch((err: Error) => opts.log?.(`daybook mcp: ${err.message}`));
  };

  /** Runs a query: the journal read again as far as it changed, the answer redacted; a refusal is a tool error the assistant reads. */
  const tool = <A>(run: (args: A, held: Held) => unknown | Promise<unknown>, shape: { minutes?: boolean } = {}) =>
    async (args: A) => {
      const held = await load();
      await held.refresh();
      try {
        // Data as `daybook ... --json` writes it (ISO moments, `...Minutes`), without its root: files are named from the journal's directory.
        const answer = await run(args, held);
        const { root: _root, ...shaped } = typeof answer === 'string' ? { root: null } : conventional(answer, { root: null, cwd: '/', list: 'items', ...shape });
        const value = redactValue(typeof answer === 'string' ? answer : shaped, held.redact);
        return { content: [{ type: 'text' as const, text: typeof value === 'string' ? value : JSON.stringify(value, null, 1) }] };
      } catch (err) {
        if (!(err instanceof DaybookError)) throw err;
        return { isError: true, content: [{ type: 'text' as const, text: held.redact(err.hint ? `${err.message}\n${err.hint}` : err.message) }] };
      }
    };
  const ref = z.string().min(1).max(100).describe('a moment as the journal writes it, maybe with an item path: "11:07 2013-2-16", "11:07 2013-2-16"5, 2013-02-16 11:07#5');
  const date = (what: string) => z.string().max(40).optional().describe(what);
  const range = {
    day: date('one day: 2013-02-16, today, yesterday'),
    week: date('an ISO week: 2013-W08, or this/last week'),
    month: date('a month: 2013-02'),
    since: date('the first day: 2013-02-01'),
    until: date('the last day: 2013-02-28'),
  };

  server.registerTool(
    'search',
    {
      title: 'Search the journal',
      description: TOOLS.search,
      inputSchema: {
        query: z.string().max(500).describe('the terms: wal "fsync latency" -draft comp*'),
        topic: z.string().max(200).optional().describe('only entries with this topic on their title line'),
        thread: z.string().max(500).optional().describe('only entries of this thread'),
        since: date('the first day'),
        until: date('the last day'),
        on: date('one day, week or month: 2013-02-16, 2013-W08, 2013-02'),
        limit: z.number().int().min(1).max(100).optional().describe('at most this many entries (default 20, at most 100)'),
        meaning: z.boolean().optional().describe('also the entries that say it in the other language (English or Chinese), through a dictionary (and the embedding model, when one is configured), after the exact hits; each says which word found it'),
      },
      annotations: READ_ONLY,
    },
    tool(async (a: { query: string; topic?: string | undefined; thread?: string | undefined; since?: string | undefined; until?: string | undefined; on?: string | undefined; limit?: number | undefined; meaning?: boolean | undefined }, held) => {
      const input = { query: a.query, topic: a.topic, thread: a.thread, since: a.since, until: a.until, on: a.on, limit: String(a.limit ?? 20), maxLimit: 100 };
      const run = async () => {
        const index = await held.searchIndex();
        if (!a.meaning) return searchJournal(index.db, input, today);
        const { searchJournalByMeaning } = await import('../query/meaning.js');
        return searchJournalByMeaning(index.db, input, today, opts.near ? await opts.near(index, a.query) : {});
      };
      let r = await run();
      // Entries of a file that changed since the sync are left out: read again, synced, searched again once.
      if (r.stale !== undefined) {
        await held.refresh(true);
        r = await run();
      }
      return r;
    }),
  );
  server.registerTool('show', { title: 'Show an entry or item', description: TOOLS.show, inputSchema: { ref }, annotations: READ_ONLY }, tool((a: { ref: string }, held) => show(held.journal, readRefArg(a.ref))));
  server.registerTool('backlinks', { title: 'References to an entry or item', description: TOOLS.backlinks, inputSchema: { ref }, annotations: READ_ONLY }, tool((a: { ref: string }, held) => backlinks(held.journal, readRefArg(a.ref))));
  server.registerTool(
    'thread',
    { title: 'A thread, part by part', description: TOOLS.thread, inputSchema: { name: z.string().min(1).max(500).describe('the thread\'s name ("storage, tidepool, wal, fsync latency") or the moment of one of its entries') }, annotations: READ_ONLY },
    tool((a: { name: string }, held) => viewThread(held.journal, findThread(held.journal, a.name))),
  );
  server.registerTool(
    'todos',
    {
      title: 'TODOs',
      description: TOOLS.todos,
      inputSchema: { state: z.enum(['open', 'done', 'all']).optional().describe('open (default), done or all'), topic: z.string().max(200).optional().describe('only entries with this topic'), limit: z.number().int().min(1).max(1000).optional().describe('at most this many, the newest first (default 100)') },
      annotations: READ_ONLY,
    },
    tool((a: { state?: 'open' | 'done' | 'all' | undefined; topic?: string | undefined; limit?: number | undefined }, held) => {
      const state = a.state ?? 'open';
      // The list of a version of the journal is made once; each call sends (and redacts) only its page.
      const rows = held.cached(`todos ${state} ${a.topic ?? ''} ${opts.now().today}`, () => listTodos(held.journal, { state, ...(a.topic !== undefined ? { topic: a.topic } : {}), today: opts.now().today }));
      return { total: rows.length, todos: rows.slice(-(a.limit ?? 100)).reverse() };
    }),
  );
  server.registerTool(
    'hours',
    { title: 'Hours of a range', description: TOOLS.hours, inputSchema: range, annotations: READ_ONLY },
    tool((a: { day?: string | undefined; week?: string | undefined; month?: string | undefined; since?: string | undefined; until?: string | undefined }, held) => {
      const n = opts.now();
      const days = readRangeInput(a, today(), 'hours').range;
      return hoursOf(journalAround(held.journal, days), days, { config: opts.config, today: n.today, nowMinutes: n.minutes });
    }, { minutes: true }),
  );
  server.registerTool(
    'report',
    { title: 'The weekly work report', description: TOOLS.report, inputSchema: range, annotations: READ_ONLY },
    tool((a: { day?: string | undefined; week?: string | undefined; month?: string | undefined; since?: string | undefined; until?: string | undefined }, held) => {
      const n = opts.now();
      const { range: days, name } = readRangeInput(a, today(), 'report');
      return printReport(workReport(journalAround(held.journal, days), days, { config: opts.config, today: n.today, nowMinutes: n.minutes }), { name, markdown: true, language: opts.config.language });
    }),
  );
  return { server, close: () => heldNow && closeIndex(heldNow.index) };
}

/** The name a file of the journal is given in answers: its path from the journal's directory. */
export function shownName(file: string, root: string): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.basename(file);
}


