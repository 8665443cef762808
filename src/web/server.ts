/**
 * `daybook serve`: the web app's server. Local by default (127.0.0.1), a
 * fixed set of routes (no file is served by a path from the URL), requests
 * for another Host refused (DNS rebinding), a Content-Security-Policy with no
 * inline script, and JSON for the pages, which the browser renders as text.
 * It reads the journal, never writes it; when a file changes on disk it reads
 * it again and tells the open pages (Server-Sent Events).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaybookError, NotFoundError, UsageError } from '../errors.js';
import { hoursOf } from '../hours/hours.js';
import { nowOf } from '../hours/now.js';
import { printReport, workReport } from '../hours/report.js';
import { closeIndex, IndexPlace, MEMORY, openIndex, type Index } from '../indexing/open.js';
import { syncIndex, type IndexSource } from '../indexing/sync.js';
import type { Config } from '../journal/config.js';
import { DiskJournal } from '../journal/disk.js';
import { backlinksOf } from '../query/backlinks.js';
import type { Journal } from '../model/journal.js';
import { viewThread, type ThreadView } from '../query/thread.js';
import { collectTodos, todoRow, type FoundTodo } from '../query/todos.js';
import { listPeople, topicTree, type TopicNode } from '../query/topics.js';
import { addDays, dayOf, dayText, readDayText, readRange, type Day, type DayRange } from '../calendar/index.js';
import { readRangeInput } from '../query/range.js';
import { searchJournal } from '../query/search.js';
import { searchJournalByMeaning, type MeaningOptions } from '../query/meaning.js';
import type { ApiEvent, ApiParam, ApiResponse, ApiRoute, ListPage, LiveChange, WebThreadView, WebTopicNode } from './api.js';
import { entryById, entryId, entryView, MAX_ALL_LINES, MAX_VIEW_LINES, timeline, timelineOrder } from './views.js';
import type { Thread } from '../model/threads.js';
import type { Entry } from '../model/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The modules of the browser client: web/client/NAME.ts, compiled by
 * tsconfig.web.json to dist/web/web/client/NAME.js and served as /NAME.js,
 * where their relative imports (`./dom.js`) find each other. The page loads
 * /app.js as a module.
 */
export const CLIENT_MODULES = ['app', 'api', 'dom', 'live', 'pager', 'timeline', 'entry', 'search', 'topics', 'threads', 'todos', 'hours', 'report'] as const;

const JS = 'text/javascript; charset=utf-8';

/** The files the app is made of: the only files the server sends (a fixed list; no path is taken from the URL). */
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: path.join(ROOT, 'web', 'static', 'index.html'), type: 'text/html; charset=utf-8' },
  '/style.css': { file: path.join(ROOT, 'web', 'static', 'style.css'), type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: path.join(ROOT, 'web', 'static', 'favicon.svg'), type: 'image/svg+xml' },
  ...Object.fromEntries(CLIENT_MODULES.map((name) => [`/${name}.js`, { file: path.join(ROOT, 'dist', 'web', 'web', 'client', `${name}.js`), type: JS }])),
  '/vendor/chart.js': { file: path.join(ROOT, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js'), type: JS },
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** What the server needs. */
export interface ServeOptions {
  files: IndexSource[];
  /** Lists the journal's files again (a directory that gets a new month's file); looked at every second or so. */
  list?: () => IndexSource[];
  /**
   * A secret for serving beyond this machine: every request must carry it,
   * the first one in the URL (`/?token=...`), which sets a cookie. Without
   * it the server answers only to its own local address.
   */
  token?: string;
  cwd: string;
  host: string;
  port: number;
  indexFile: string;
  config: Config;
  /** Today and now (minutes), for the hours. */
  now: () => { today: string; minutes: number };
  log?: (line: string) => void;
  /**
   * The configured embedding model's part in a search by meaning (see
   * `prepareNear`): its vectors brought in step and the query embedded,
   * before the search. Without it a search by meaning uses the dictionary.
   */
  near?: (index: Index, query: string) => Promise<MeaningOptions>;
}

/** A running server. */
export interface Server {
  url: string;
  close(): Promise<void>;
}

/** The journal as the server holds it: read again, as far as it changed, when a file changes. */
class State {
  readonly disk: DiskJournal;
  version = 0;
  private order$?: Entry[];
  private places$?: Map<string, { lines: number[]; entries: Entry[] }>;
  /** Answers worked out once for this version of the journal (the lists the pages show a page of). */
  private readonly memo = new Map<string, unknown>();
  private running?: Promise<boolean>;
  private listedAt = 0;
  readonly listeners = new Set<http.ServerResponse>();

  constructor(
    private readonly opts: ServeOptions,
    readonly index: Index,
  ) {
    // Read whole: the pages show findings and backlinks.
    this.disk = new DiskJournal(opts.files.map((f) => ({ path: f.path, name: f.shown })), { whole: true });
  }

  get journal(): Journal {
    return this.disk.journal;
  }

  /** The entries newest first, as the timeline pages them. */
  get order(): Entry[] {
    return (this.order$ ??= timelineOrder(this.journal));
  }

  /** Each file's entries and their header lines (1-based), in file order. */
  get places(): Map<string, { lines: number[]; entries: Entry[] }> {
    if (!this.places$) {
      this.places$ = new Map();
      for (const f of this.journal.files) this.places$.set(f.path, { lines: f.entries.map((e) => e.line), entries: f.entries });
    }
    return this.places$;
  }

  /** What `make` answers for this version of the journal, worked out once. */
  cached<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }

  /** Brings the index up to date with the files (an append the journal just checked is not hashed again). */
  async sync(): Promise<void> {
    await syncIndex(this.index, this.disk.sources, undefined, { known: (p) => this.disk.seenAt(p) });
    this.version++;
  }

  /**
   * Reads again what changed on disk, and takes in files added to or gone
   * from the journal's directories; true when anything changed. One at a
   * time: a call while one runs waits for it. A large file is read in blocks
   * that let the server answer other requests between them.
   */
  refresh(): Promise<boolean> {
    return (this.running ??= this.reread().finally(() => (this.running = undefined)));
  }

  /** Resolves when no reading of the files is under way. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async reread(): Promise<boolean> {
    let listed = false;
    if (this.opts.list && Date.now() - this.listedAt >= 1000) {
      this.listedAt = Date.now();
      listed = this.disk.relist(this.opts.list);
    }
    const changed = await this.disk.refreshAsync();
    if (changed.size === 0 && !listed) return false;
    this.order$ = undefined;
    this.places$ = undefined;
    this.memo.clear();
    await this.sync();
    const event: LiveChange = { version: this.version, files: [...changed.keys()] };
    for (const res of this.listeners) res.write(`event: ${'change' satisfies ApiEvent}\ndata: ${JSON.stringify(event)}\n\n`);
    return true;
  }
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function json(res: http.ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store', ...extra });
}

/** The cookie that carries the token of a shared server. */
const TOKEN_COOKIE = 'daybook_token';

/** A cookie of the request. */
function cookie(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Compares a secret in constant time. */
function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * The range of the hours page: a day, a week, a month or since/until as the
 * CLI takes them; the last eight weeks (56 days to today) when none is given.
 */
function rangeParam(param: (name: 'day' | 'week' | 'month' | 'since' | 'until') => string | null, today: Day): DayRange {
  const input = { day: param('day') || undefined, week: param('week') || undefined, month: param('month') || undefined, since: param('since') || undefined, until: param('until') || undefined };
  if (input.until !== undefined && input.since === undefined) input.since = dayText(addDays(readRange(input.until, today, '--until').to, -55));
  if (Object.values(input).some((v) => v !== undefined)) return readRangeInput(input, today, 'hours').range;
  return { from: addDays(today, -55), to: today };
}

/** What a route's handler is given: the journal as the server holds it, the clock, and the route's own parameters. */
interface Ask<R extends ApiRoute> {
  state: State;
  opts: ServeOptions;
  now: { today: string; minutes: number };
  /** The clock's day. */
  day: Day;
  param(name: ApiParam<R>): string | null;
  /** A search by meaning's model part, made before the route is asked (see `ServeOptions.near`). */
  near?: MeaningOptions;
}

/** The parts of a thread with the ids of their entries' pages, down through the threads inside them. */
function webThread(state: State, v: ThreadView): WebThreadView {
  return { ...v, parts: v.parts.map((p) => ({ ...p, id: p.present && p.file ? idAt(state, p.file, p.line!) : undefined, threads: p.threads.map((t) => webThread(state, t)) })) };
}

/** The API: each route answers exactly the shape `ApiRoutes` (src/web/api.ts) gives it, which the client reads. */
const ROUTES: { [R in ApiRoute]: (ask: Ask<R>) => ApiResponse<R> } = {
  timeline: ({ state, day, param }) => timeline(state.journal, state.order, { offset: Number(param('offset') ?? 0) || 0, limit: Number(param('limit') ?? 100) || 100, ...(param('date') ? { date: readRange(param('date')!, day, 'date').to } : {}) }),
  entry: ({ state, param }) => {
    const id = param('id') ?? '';
    const e = entryById(state.journal, id);
    if (!e) throw new NotFoundError(`no entry ${id}`, 'expected an entry\'s day and time, e.g. 2013-02-16/11:07');
    const view = entryView(state.journal, e, param('lines') === 'all' ? MAX_ALL_LINES : MAX_VIEW_LINES);
    view.backlinks = backlinksOf(state.journal, e).map((b) => ({ id: idAt(state, b.file, b.line) ?? '', moment: b.moment, title: b.title ?? null, line: b.line, text: b.context, ...(b.item !== undefined ? { item: b.item } : {}) }));
    return view;
  },
  search: ({ state, day, param, near }) => {
    const text = (k: ApiParam<'search'>) => param(k) || undefined;
    const input = { query: param('q') ?? '', topic: text('topic'), thread: text('thread'), since: text('since'), until: text('until'), on: text('on'), gtd: param('gtd') === '1', todo: param('todo') === '1', newest: param('newest') === '1', limit: text('limit'), maxLimit: 500, count: param('count') === '1' };
    const result = param('meaning') === '1' ? searchJournalByMeaning(state.index.db, input, () => day, near) : searchJournal(state.index.db, input, () => day);
    return { ...result, hits: result.hits.map((h) => ({ ...h, id: idAt(state, h.file, h.line) })) };
  },
  topics: ({ state, param }) => {
    const p = page(state.cached('topics', () => topicTree(state.journal)), param);
    const budget = { nodes: TOPIC_NODES };
    return { ...p, rows: p.rows.map((n) => webTopic(n, budget)) };
  },
  threads: ({ state, param }) => {
    const key = param('key');
    if (key !== null) {
      const t = state.journal.threads.get(key);
      if (!t) throw new NotFoundError(`no thread ${key}`, 'expected a thread as the threads page names it, e.g. xen, hvm / pv');
      return { rows: [webThread(state, viewThread(state.journal, t))], offset: 0, total: 1 };
    }
    // The threads the journal holds at the top (the others live inside their parts), the most recently continued first; only a page of them is put together.
    const top = state.cached('threads', () => {
      const latest = (t: Thread) => t.parts.reduce((m, p) => Math.max(m, p.entry.moment?.code ?? -Infinity), -Infinity);
      return [...state.journal.threads.values()].filter((t) => !t.parent).map((t) => ({ t, at: latest(t) })).sort((a, b) => b.at - a.at || a.t.key.localeCompare(b.t.key)).map((x) => x.t);
    });
    const p = page(top, param);
    return { ...p, rows: p.rows.map((t) => webThread(state, viewThread(state.journal, t))) };
  },
  todos: ({ state, day, param }) => {
    const want = param('state') ?? 'open';
    if (want !== 'open' && want !== 'done') throw new UsageError(`todos: state ${JSON.stringify(want)} is not a state`, 'expected open or done, e.g. /api/todos?state=open');
    // Worked out once per version of the journal: which TODOs, in which order; rows are made for the page asked for.
    const all = state.cached('todos', () => {
      const found = collectTodos(state.journal, { state: 'all' });
      const topics = new Map<string, number>();
      for (const f of found) {
        if (f.todo.state !== 'open') continue;
        const topic = firstTopic(f.entry.title?.text);
        topics.set(topic, (topics.get(topic) ?? 0) + 1);
      }
      // Oldest first (by day); the journal's order among the same day.
      const byAge = (list: FoundTodo[]) => {
        const day = (f: FoundTodo) => dayOf(f.entry.moment!.year, f.entry.moment!.month, f.entry.moment!.day);
        return list.map((f, i) => ({ f, i, d: day(f) })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.f);
      };
      return { open: byAge(found.filter((f) => f.todo.state === 'open')), done: byAge(found.filter((f) => f.todo.state === 'done')), topics: [...topics].map(([topic, open]) => ({ topic, open })).sort((a, b) => b.open - a.open || a.topic.localeCompare(b.topic)).slice(0, 40) };
    });
    const p = page(all[want], param);
    return { ...p, rows: p.rows.map((f) => ({ ...todoRow(f, day), entry: entryId(state.journal, f.entry) })), open: all.open.length, done: all.done.length, topics: all.topics };
  },
  people: ({ state, param }) => page(state.cached('people', () => listPeople(state.journal)), param),
  hours: ({ state, opts, now, day, param }) => hoursOf(state.journal, rangeParam(param, day), { config: opts.config, today: now.today, nowMinutes: now.minutes }),
  report: ({ state, opts, now, day, param }) => {
    // The same range and title as `daybook report` with the same flags (this week without any).
    const { range, name } = readRangeInput({ week: param('week') || undefined, month: param('month') || undefined, since: param('since') || undefined, until: param('until') || undefined }, day, 'report');
    const r = workReport(state.journal, range, { config: opts.config, today: now.today, nowMinutes: now.minutes });
    return { ...r, text: printReport(r, { name, language: opts.config.language }), markdown: printReport(r, { name, markdown: true, language: opts.config.language }) };
  },
  now: ({ state, opts, now }) => nowOf(state.journal, { config: opts.config, today: now.today, nowMinutes: now.minutes }),
  version: ({ state }) => ({ version: state.version }),
};

/** The routes of the API, `/api/NAME`; `/api/events` is the live stream beside them. */
export const API_ROUTES = Object.keys(ROUTES) as ApiRoute[];

/** The first topic of a title: what the TODO page groups the open ones by. */
const firstTopic = (title: string | undefined): string => (title ?? '(untitled)').split(/[,;]/)[0]!.trim() || '(untitled)';

/** The most children a topic sends, and the most topics a page of the tree sends: the rest are counted, not sent. */
const TOPIC_CHILDREN = 50;
const TOPIC_NODES = 5000;

/** A topic with its most used children (the tree is most used first) while the page's budget lasts; the rest counted. */
function webTopic(n: TopicNode, budget: { nodes: number }): WebTopicNode {
  budget.nodes--;
  const keep = n.children.slice(0, Math.max(0, Math.min(TOPIC_CHILDREN, budget.nodes)));
  const out: WebTopicNode = { topic: n.topic, entries: n.entries, last: n.last, children: [] };
  for (const c of keep) {
    if (budget.nodes <= 0) break;
    out.children.push(webTopic(c, budget));
  }
  if (out.children.length < n.children.length) out.more = n.children.length - out.children.length;
  return out;
}

/** The most rows a list request answers. */
const MAX_PAGE = 500;

/** A page of a list: `offset` (0) and `limit` (100, at most 500) from the request. */
function page<T>(list: readonly T[], param: (name: 'offset' | 'limit') => string | null): ListPage<T> {
  const number = (name: 'offset' | 'limit', fallback: number): number => {
    const v = param(name);
    if (v === null || v === '') return fallback;
    if (!/^\d{1,9}$/.test(v)) throw new UsageError(`${name} ${JSON.stringify(v)} is not a number`, `expected a whole number, e.g. ${name}=${fallback}`);
    return Number(v);
  };
  const offset = Math.min(number('offset', 0), list.length);
  const limit = Math.min(Math.max(number('limit', 100), 1), MAX_PAGE);
  return { rows: list.slice(offset, offset + limit), offset, total: list.length };
}

/** Answers one API request. */
function api(state: State, opts: ServeOptions, route: string, q: URLSearchParams, near?: MeaningOptions): unknown {
  if (!Object.hasOwn(ROUTES, route)) throw new NotFoundError(`no API ${route}`);
  const handler = ROUTES[route as ApiRoute] as (ask: Ask<ApiRoute>) => unknown;
  const now = opts.now();
  return handler({ state, opts, now, day: readDayText(now.today)!, param: (name) => q.get(name), ...(near ? { near } : {}) });
}

/** The entry that holds `file:line` (its header line or a line below it). */
function entryAt(state: State, file: string, line: number): Entry | undefined {
  const p = state.places.get(file);
  if (!p) return undefined;
  let lo = 0;
  let hi = p.lines.length - 1;
  if (hi < 0 || p.lines[0]! > line) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.lines[mid]! <= line) lo = mid;
    else hi = mid - 1;
  }
  return p.entries[lo];
}

/** The id of the entry that holds `file:line`. */
function idAt(state: State, file: string, line: number): string | undefined {
  const e = entryAt(state, file, line);
  return e ? entryId(state.journal, e) : undefined;
}

/**
 * True when a request says it comes from a page of another site: the
 * browser's `Sec-Fetch-Site` (anything but `same-origin`, or `none` for an
 * address typed by the user), or an `Origin` that is not this server. A page
 * elsewhere cannot make the API work for it, even with a no-cors request.
 */
function fromAnotherSite(req: http.IncomingMessage, hosts: Set<string>): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return !hosts.has(new URL(origin).host);
  } catch {
    return true;
  }
}

/**
 * The server's index, synced: the one asked for; a damaged one is rebuilt;
 * where it cannot be written (a directory, a path under a file, a read-only
 * or full disk), a temporary one, else one in memory, with the reason and
 * the fix in the log. The index is a cache: no state of it stops the app.
 */
async function usableIndex(opts: ServeOptions): Promise<{ index: Index; place: IndexPlace }> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const place = new IndexPlace(opts.indexFile);
  for (;;) {
    let index: Index | undefined;
    try {
      index = openIndex(place.file);
      for (const n of index.notices) log(`daybook: ${n}`);
      await syncIndex(index, opts.files);
      return { index, place };
    } catch (err) {
      if (index) closeIndex(index);
      const move = place.recover(err);
      if (!move) {
        place.dispose();
        throw err;
      }
      if (move.kind === 'rebuilt') log(`daybook: the index ${move.file} is damaged (${move.why}); ${move.aside === move.file ? 'deleted it' : `moved it to ${move.aside}`} and built a new index`);
      else log(`daybook: cannot use the index ${opts.indexFile}: ${move.why}; serving with ${move.to === MEMORY ? 'an index in memory' : 'a temporary index'}; give it a path that can be written with --index PATH or DAYBOOK_INDEX`);
    }
  }
}

/**
 * Starts the server; resolves when it listens.
 *
 * ```ts
 * const server = await startServer({ files, cwd, host: '127.0.0.1', port: 0, indexFile, config: {}, now });
 * ```
 */
export async function startServer(opts: ServeOptions): Promise<Server> {
  const { index, place } = await usableIndex(opts);
  const state = new State(opts, index);
  await state.sync();
  // What the list pages need of every entry is read now, not on the first visit to them.
  state.journal.topicTree();
  collectTodos(state.journal, { state: 'all' });
  void state.order;
  let port = opts.port;
  const allowedHosts = () => new Set([`${opts.host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
  const server = (process.getBuiltinModule('node:http') as typeof http).createServer((req, res) => {
    void handle(req, res);
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      // Shared beyond this machine, the token is what lets a request in (a page elsewhere cannot have the
      // cookie, so a rebound DNS name gets nothing); served locally, only the local address is answered.
      if (opts.token === undefined && !allowedHosts().has(req.headers.host ?? '')) {
        send(res, 403, 'daybook: this server answers only to its own address (the Host header was another one)\n', 'text/plain; charset=utf-8');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'daybook: the web app only reads\n', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
        return;
      }
      const url = new URL(req.url ?? '/', 'http://daybook.invalid');
      const route = url.pathname;
      if (opts.token !== undefined) {
        const given = url.searchParams.get('token');
        if (route === '/' && given !== null && sameSecret(given, opts.token)) {
          // The token moves from the URL (history, screen) to a cookie only this site sends.
          res.writeHead(303, { ...SECURITY_HEADERS, Location: '/', 'Set-Cookie': `${TOKEN_COOKIE}=${opts.token}; HttpOnly; SameSite=Strict; Path=/`, 'Cache-Control': 'no-store' });
          res.end();
          return;
        }
        if (!sameSecret(cookie(req, TOKEN_COOKIE) ?? '', opts.token)) {
          send(res, 401, 'daybook: this journal is shared with a token; open the link daybook serve printed (it ends in ?token=...)\n', 'text/plain; charset=utf-8');
          return;
        }
      }
      if (route.startsWith('/api/') && fromAnotherSite(req, opts.token === undefined ? allowedHosts() : new Set([req.headers.host ?? '']))) {
        send(res, 403, 'daybook: the API answers only the app itself (this request came from another site)\n', 'text/plain; charset=utf-8');
        return;
      }
      if (route === '/api/events') {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(`event: ${'hello' satisfies ApiEvent}\ndata: ${state.version}\n\n`);
        state.listeners.add(res);
        req.on('close', () => state.listeners.delete(res));
        return;
      }
      if (route.startsWith('/api/')) {
        // Answered from the journal as last read: a change on disk is read in the background (every
        // tenth of a second), so a large file being read never holds up an answer. A search by meaning
        // with a model waits for the model to embed the query (and any entries new to it).
        const near = route === '/api/search' && opts.near && url.searchParams.get('meaning') === '1' ? await opts.near(state.index, url.searchParams.get('q') ?? '') : undefined;
        json(res, 200, api(state, opts, route.slice(5), url.searchParams, near), { 'X-Daybook-Version': String(state.version) });
        return;
      }
      const file = STATIC[route];
      if (!file) {
        send(res, 404, 'daybook: no such page\n', 'text/plain; charset=utf-8');
        return;
      }
      send(res, 200, fs.readFileSync(file.file), file.type, { 'Cache-Control': 'no-cache' });
    } catch (err) {
      if (err instanceof DaybookError) json(res, err instanceof NotFoundError ? 404 : 400, { error: err.message, hint: err.hint });
      else {
        opts.log?.(`daybook serve: ${(err as Error).stack ?? String(err)}`);
        json(res, 500, { error: 'internal error' });
      }
    }
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  // Live: look at the files ten times a second (a stat each); open pages hear of a change at once.
  const timer = setInterval(() => {
    state.refresh().catch((err) => opts.log?.(`daybook serve: reading the journal again failed: ${(err as Error).message}`));
  }, 100);
  const keepAlive = setInterval(() => {
    for (const r of state.listeners) r.write(': keep-alive\n\n');
  }, 15_000);
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}/`,
    close: async () => {
      clearInterval(timer);
      clearInterval(keepAlive);
      await state.idle();
      for (const r of state.listeners) r.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closeIndex(index);
      place.dispose();
    },
  };
}
