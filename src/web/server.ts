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
import { workReport } from '../hours/report.js';
import { closeIndex, openIndex, type Index } from '../indexing/open.js';
import { syncIndex, type IndexSource } from '../indexing/sync.js';
import type { Config } from '../journal/config.js';
import { readJournal } from '../journal/read.js';
import type { Journal } from '../model/journal.js';
import { viewThread } from '../query/thread.js';
import { listTodos } from '../query/todos.js';
import { listPeople, topicTree } from '../query/topics.js';
import { addDays, readDayText, readRange, type Day, type DayRange } from '../calendar/index.js';
import { parseQuery } from '../search/query.js';
import { search } from '../search/run.js';
import { indexBacklinks } from './backlinks.js';
import { entryById, entryId, entryView, timeline, timelineOrder } from './views.js';
import type { Entry } from '../model/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The files the app is made of: the only files the server sends. */
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: path.join(ROOT, 'web', 'static', 'index.html'), type: 'text/html; charset=utf-8' },
  '/style.css': { file: path.join(ROOT, 'web', 'static', 'style.css'), type: 'text/css; charset=utf-8' },
  '/app.js': { file: path.join(ROOT, 'dist', 'web', 'app.js'), type: 'text/javascript; charset=utf-8' },
  '/vendor/chart.js': { file: path.join(ROOT, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js'), type: 'text/javascript; charset=utf-8' },
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

/** The journal as the server holds it, read again when a file changes. */
class State {
  journal!: Journal;
  order!: Entry[];
  /** Each file's entries and their header lines (1-based), in file order. */
  places = new Map<string, { lines: number[]; entries: Entry[] }>();
  version = 0;
  private stamps = '';
  readonly listeners = new Set<http.ServerResponse>();

  constructor(
    private readonly opts: ServeOptions,
    readonly index: Index,
  ) {}

  private stamp(): string {
    return this.opts.files
      .map((f) => {
        try {
          const s = fs.statSync(f.path);
          return `${s.size}:${s.mtimeMs}:${s.ino}`;
        } catch {
          return 'gone';
        }
      })
      .join('|');
  }

  /** Reads the journal (again) and brings the index up to date. */
  async load(): Promise<void> {
    this.stamps = this.stamp();
    this.journal = readJournal(
      this.opts.files.map((f) => f.path),
      this.opts.cwd,
    );
    this.order = timelineOrder(this.journal);
    this.places = new Map();
    for (const e of this.journal.entries) {
      let p = this.places.get(e.file.path);
      if (!p) this.places.set(e.file.path, (p = { lines: [], entries: [] }));
      p.lines.push(e.file.doc.position(e.from).line + 1);
      p.entries.push(e);
    }
    await syncIndex(this.index, this.opts.files);
    this.version++;
  }

  /** Reloads when a file changed; returns true when it did. */
  async refresh(): Promise<boolean> {
    if (this.stamp() === this.stamps) return false;
    await this.load();
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

/** The range of hours queries: since/until, or the last eight weeks (56 days to today). */
function rangeParam(q: URLSearchParams, today: Day): DayRange {
  const since = q.get('since');
  const until = q.get('until');
  const to = until ? readRange(until, today, 'until').to : today;
  if (since) return { from: readRange(since, today, 'since').from, to };
  return { from: addDays(today, -55), to };
}

/** Answers one API request. */
function api(state: State, opts: ServeOptions, route: string, q: URLSearchParams): unknown {
  const journal = state.journal;
  const now = opts.now();
  const today = readDayText(now.today)!;
  switch (route) {
    case 'timeline':
      return timeline(journal, state.order, { offset: Number(q.get('offset') ?? 0) || 0, limit: Number(q.get('limit') ?? 100) || 100, ...(q.get('date') ? { date: readRange(q.get('date')!, today, 'date').to } : {}) });
    case 'entry': {
      const id = q.get('id') ?? '';
      const e = entryById(journal, id);
      if (!e) throw new NotFoundError(`no entry ${id}`);
      const view = entryView(journal, e);
      if (e.moment?.valid) view.backlinks = indexBacklinks(state.index.db, journal, e.moment.code);
      return view;
    }
    case 'search': {
      const text = q.get('q') ?? '';
      const filters = ['topic', 'thread', 'since', 'until', 'on'].some((k) => q.get(k)) || q.get('gtd') === '1' || q.get('todo') === '1';
      const terms = text.trim() || !filters ? parseQuery(text) : [];
      let days: DayRange | undefined;
      if (q.get('on')) days = readRange(q.get('on')!, today, 'on');
      else if (q.get('since') || q.get('until')) days = { from: q.get('since') ? readRange(q.get('since')!, today, 'since').from : 0, to: q.get('until') ? readRange(q.get('until')!, today, 'until').to : 99991231 };
      const result = search(state.index.db, { terms, limit: Math.min(Number(q.get('limit') ?? 20) || 20, 500), ...(q.get('topic') ? { topic: q.get('topic')! } : {}), ...(q.get('thread') ? { thread: q.get('thread')! } : {}), ...(days ? { days } : {}), gtd: q.get('gtd') === '1', todo: q.get('todo') === '1', newest: q.get('newest') === '1', count: q.get('count') === '1' });
      return { ...result, hits: result.hits.map((h) => ({ ...h, id: idAt(state, h.file, h.line) })) };
    }
    case 'topics':
      return topicTree(journal);
    case 'threads':
      return [...journal.threads.values()]
        .filter((t) => !t.parent)
        .map((t) => {
          const v = viewThread(journal, t);
          return { ...v, parts: v.parts.map((p) => ({ ...p, id: p.present && p.file ? idAt(state, p.file, p.line!) : undefined })) };
        })
        .sort((a, b) => (b.parts.at(-1)?.moment ?? '').localeCompare(a.parts.at(-1)?.moment ?? ''));
    case 'todos':
      return listTodos(journal, { state: (q.get('state') as 'open' | 'done' | 'all' | null) ?? 'all', today: now.today }).map((t) => ({ ...t, entry: idAt(state, t.file, t.line) }));
    case 'people':
      return listPeople(journal);
    case 'hours': {
      const range = rangeParam(q, today);
      return hoursOf(journal, range, { config: opts.config, today: now.today, nowMinutes: now.minutes });
    }
    case 'report': {
      const range = rangeParam(q, today);
      return workReport(journal, range, { config: opts.config, today: now.today, nowMinutes: now.minutes });
    }
    case 'version':
      return { version: state.version };
    default:
      throw new NotFoundError(`no API ${route}`);
  }
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
 * Starts the server; resolves when it listens.
 *
 * ```ts
 * const server = await startServer({ files, cwd, host: '127.0.0.1', port: 0, indexFile, config: {}, now });
 * ```
 */
export async function startServer(opts: ServeOptions): Promise<Server> {
  const index = openIndex(opts.indexFile);
  const state = new State(opts, index);
  await state.load();
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
      if (route === '/api/events') {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(`event: hello\ndata: ${state.version}\n\n`);
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
    },
  };
}
