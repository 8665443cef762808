/**
 * `daybook serve`: the web app's server. Local by default (127.0.0.1), a
 * fixed set of routes (no file is served by a path from the URL), requests
 * for another Host refused (DNS rebinding), a Content-Security-Policy with no
 * inline script, and JSON for the pages, which the browser renders as text.
 * It reads the journal, never writes it; when a file changes on disk it reads
 * it again and tells the open pages (Server-Sent Events).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaybookError, NotFoundError } from '../errors.js';
import { hoursOf } from '../hours/hours.js';
import { printReport, workReport } from '../hours/report.js';
import { closeIndex, IndexPlace, MEMORY, openIndex, type Index } from '../indexing/open.js';
import { syncIndex, type IndexSource } from '../indexing/sync.js';
import type { Config } from '../journal/config.js';
import { DiskJournal } from '../journal/disk.js';
import { backlinksOf } from '../query/backlinks.js';
import type { Journal } from '../model/journal.js';
import { viewThread, type ThreadView } from '../query/thread.js';
import { listTodos } from '../query/todos.js';
import { listPeople, topicTree } from '../query/topics.js';
import { addDays, dayText, readDayText, readRange, type Day, type DayRange } from '../calendar/index.js';
import { readRangeInput } from '../query/range.js';
import { searchJournal } from '../query/search.js';
import type { ApiEvent, ApiParam, ApiResponse, ApiRoute, WebThreadView } from './api.js';
import { entryById, entryId, entryView, timeline, timelineOrder } from './views.js';
import type { Entry } from '../model/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The modules of the browser client: web/client/NAME.ts, compiled by
 * tsconfig.web.json to dist/web/web/client/NAME.js and served as /NAME.js,
 * where their relative imports (`./dom.js`) find each other. The page loads
 * /app.js as a module.
 */
export const CLIENT_MODULES = ['app', 'api', 'dom', 'timeline', 'entry', 'search', 'topics', 'threads', 'todos', 'hours', 'report'] as const;

const JS = 'text/javascript; charset=utf-8';

/** The files the app is made of: the only files the server sends (a fixed list; no path is taken from the URL). */
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: path.join(ROOT, 'web', 'static', 'index.html'), type: 'text/html; charset=utf-8' },
  '/style.css': { file: path.join(ROOT, 'web', 'static', 'style.css'), type: 'text/css; charset=utf-8' },
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
  cwd: string;
  host: string;
  port: number;
  indexFile: string;
  config: Config;
  /** Today and now (minutes), for the hours. */
  now: () => { today: string; minutes: number };
  log?: (line: string) => void;
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

  /** Brings the index up to date with the files. */
  async sync(): Promise<void> {
    await syncIndex(this.index, this.opts.files);
    this.version++;
  }

  /** Reads again what changed on disk; returns true when anything did. */
  async refresh(): Promise<boolean> {
    if (this.disk.refresh().size === 0) return false;
    this.order$ = undefined;
    this.places$ = undefined;
    await this.sync();
    for (const res of this.listeners) res.write(`event: change\ndata: ${this.version}\n\n`);
    return true;
  }
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function json(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store' });
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
    if (!e) throw new NotFoundError(`no entry ${id}`);
    const view = entryView(state.journal, e);
    view.backlinks = backlinksOf(state.journal, e).map((b) => ({ id: idAt(state, b.file, b.line) ?? '', moment: b.moment, title: b.title ?? null, text: b.context, ...(b.item !== undefined ? { item: b.item } : {}) }));
    return view;
  },
  search: ({ state, day, param }) => {
    const text = (k: ApiParam<'search'>) => param(k) || undefined;
    const result = searchJournal(state.index.db, { query: param('q') ?? '', topic: text('topic'), thread: text('thread'), since: text('since'), until: text('until'), on: text('on'), gtd: param('gtd') === '1', todo: param('todo') === '1', newest: param('newest') === '1', limit: text('limit'), maxLimit: 500, count: param('count') === '1' }, () => day);
    return { ...result, hits: result.hits.map((h) => ({ ...h, id: idAt(state, h.file, h.line) })) };
  },
  topics: ({ state }) => topicTree(state.journal),
  threads: ({ state }) =>
    [...state.journal.threads.values()]
      .filter((t) => !t.parent)
      .map((t) => webThread(state, viewThread(state.journal, t)))
      .sort((a, b) => (b.parts.at(-1)?.moment ?? '').localeCompare(a.parts.at(-1)?.moment ?? '')),
  todos: ({ state, now, param }) => listTodos(state.journal, { state: (param('state') as 'open' | 'done' | 'all' | null) ?? 'all', today: now.today }).map((t) => ({ ...t, entry: idAt(state, t.file, t.line) })),
  people: ({ state }) => listPeople(state.journal),
  hours: ({ state, opts, now, day, param }) => hoursOf(state.journal, rangeParam(param, day), { config: opts.config, today: now.today, nowMinutes: now.minutes }),
  report: ({ state, opts, now, day, param }) => {
    // The same range and title as `daybook report` with the same flags (this week without any).
    const { range, name } = readRangeInput({ week: param('week') || undefined, month: param('month') || undefined, since: param('since') || undefined, until: param('until') || undefined }, day, 'report');
    const r = workReport(state.journal, range, { config: opts.config, today: now.today, nowMinutes: now.minutes });
    return { ...r, text: printReport(r, { name }), markdown: printReport(r, { name, markdown: true }) };
  },
  version: ({ state }) => ({ version: state.version }),
};

/** Answers one API request. */
function api(state: State, opts: ServeOptions, route: string, q: URLSearchParams): unknown {
  if (!Object.hasOwn(ROUTES, route)) throw new NotFoundError(`no API ${route}`);
  const handler = ROUTES[route as ApiRoute] as (ask: Ask<ApiRoute>) => unknown;
  const now = opts.now();
  return handler({ state, opts, now, day: readDayText(now.today)!, param: (name) => q.get(name) });
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
  let port = opts.port;
  const allowedHosts = () => new Set([`${opts.host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      if (!allowedHosts().has(req.headers.host ?? '')) {
        send(res, 403, 'daybook: this server answers only to its own address (the Host header was another one)\n', 'text/plain; charset=utf-8');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'daybook: the web app only reads\n', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const route = url.pathname;
      if (route.startsWith('/api/') && fromAnotherSite(req, allowedHosts())) {
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
        await state.refresh();
        json(res, 200, api(state, opts, route.slice(5), url.searchParams));
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
  // Live: look at the files twice a second; open pages hear of a change at once.
  const timer = setInterval(() => {
    state.refresh().catch((err) => opts.log?.(`daybook serve: reading the journal again failed: ${(err as Error).message}`));
  }, 400);
  const keepAlive = setInterval(() => {
    for (const r of state.listeners) r.write(': keep-alive\n\n');
  }, 15_000);
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}/`,
    close: async () => {
      clearInterval(timer);
      clearInterval(keepAlive);
      for (const r of state.listeners) r.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closeIndex(index);
      place.dispose();
    },
  };
}
