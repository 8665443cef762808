/**
 * One question, one answer: on the example journal and the sample, the
 * CLI's --json, the web app's API and the language server give the same
 * answers for the backlinks of every referenced entry and item, the parts
 * of every thread, the totals of 20 searches, the hours of every day and
 * week, and the report of every week.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../src/cli/main.js';
import { conventional, JSON_VERSION } from '../src/cli/json.js';
import { readJournal } from '../src/journal/read.js';
import { readDetail } from '../src/model/entry.js';
import type { Journal } from '../src/model/journal.js';
import { formatMoment } from '../src/model/moment.js';
import { itemPath } from '../src/model/references.js';
import type { Entry } from '../src/model/types.js';
import { entryId } from '../src/web/views.js';
import type { Server } from '../src/web/server.js';
import { EXAMPLE, SAMPLE, tempDir } from './helpers.js';
import { Client, type Location } from './lspclient.js';
import { NOW, serve } from './webserve.js';

const ENV = { DAYBOOK_NOW: NOW, DAYBOOK_TODAY: NOW.slice(0, 10), NO_COLOR: '1' };

/**
 * Runs the CLI in this process on the journal directory; its JSON output,
 * without the convention's envelope (version, root), a list answer as the list.
 */
async function cli(dir: string, args: string[]): Promise<unknown> {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { ...ENV, DAYBOOK_INDEX: path.join(dir, '.index') }, cwd: dir };
  const code = await main([...args, '--journal', dir, '--json'], io);
  assert.ok(code === 0 || (code === 1 && args[0] === 'search'), `daybook ${args.join(' ')}: exit ${code}: ${err}`);
  const { version, root, ...body } = JSON.parse(out) as Record<string, unknown>;
  assert.equal(version, JSON_VERSION);
  assert.equal(root, dir);
  const keys = Object.keys(body);
  return keys.length === 1 && Array.isArray(body[keys[0]!]) ? body[keys[0]!] : body;
}

/**
 * Asks the web app's API. The answer is written by the command line's JSON
 * convention (ISO moments, minutes named as such, files relative to the
 * journal), so that the two compare: the convention changes names, never values.
 */
async function web(server: Server, route: string, params: Record<string, string>, dir: string): Promise<unknown> {
  const res = await fetch(`${server.url}api/${route}?${new URLSearchParams(params)}`);
  const body = await res.json();
  assert.equal(res.status, 200, `${route} ${JSON.stringify(params)}: ${JSON.stringify(body)}`);
  const { version: _v, root: _r, ...converted } = conventional(body, { root: dir, cwd: dir, minutes: route === 'hours' || route === 'report' });
  return converted;
}

/** What the journal's entries refer to: each referenced entry, and each referenced item (by its path). */
function targets(journal: Journal): { entry: Entry; path?: string }[] {
  const seen = new Map<string, { entry: Entry; path?: string }>();
  for (const e of journal.entries) {
    for (const r of readDetail(e).references) {
      if (r.kind === 'moment') {
        const hit = journal.entriesAt(r.moment);
        if (hit.length !== 1) continue;
        seen.set(`${hit[0]!.moment!.code}`, { entry: hit[0]! });
        const item = r.path.length > 0 ? r.path.join('.') : undefined;
        if (item && itemAt(hit[0]!, item)) seen.set(`${hit[0]!.moment!.code}#${item}`, { entry: hit[0]!, path: item });
      }
    }
  }
  return [...seen.values()];
}

/** A reference to a target as the CLI takes it. */
const refArg = (t: { entry: Entry; path?: string }) => `"${formatMoment(t.entry.moment!)}"${t.path ?? ''}`;

/** The first item of an entry with a path. */
function itemAt(entry: Entry, wanted: string) {
  const walk = (items: ReturnType<typeof readDetail>['items']): ReturnType<typeof readDetail>['items'][number] | undefined => {
    for (const it of items) {
      if (itemPath(it) === wanted) return it;
      const inner = walk(it.children);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(readDetail(entry).items);
}

for (const [name, source] of [
  ['the example journal', EXAMPLE],
  ['the sample journal', SAMPLE],
] as const) {
  describe(`one answer everywhere: ${name}`, () => {
    let dir: string;
    let journal: Journal;
    let server: Server;
    let lsp: Client;
    const present = fs.existsSync(source);

    before(async () => {
      if (!present) {
        if (process.env.CI) throw new Error(`${source} is missing in CI`);
        console.log(`# SKIPPED: ${source} is not beside this checkout`);
        return;
      }
      // A copy in a temp dir: the servers and the CLI read the same files, and nothing is written beside the sample.
      dir = tempDir();
      const files = fs.statSync(source).isDirectory() ? fs.readdirSync(source).map((f) => path.join(source, f)) : [source];
      for (const f of files) fs.writeFileSync(path.join(dir, path.basename(f)), fs.readFileSync(f));
      journal = readJournal([dir], dir);
      server = await serve(dir);
      lsp = new Client(dir);
      await lsp.start();
      // As an editor would: the journal's files are open in it.
      for (const f of fs.readdirSync(dir).filter((f) => !f.startsWith('.'))) lsp.open(path.join(dir, f));
    });

    after(async () => {
      if (!present) return;
      await server.close();
      await lsp.stop();
    });

    test('backlinks of every referenced entry and item', async (t) => {
      if (!present) return t.skip('no journal');
      const all = targets(journal);
      assert.ok(all.length > 5 && all.some((x) => x.path), `${all.length} targets, some items`);
      for (const target of all) {
        const e = target.entry;
        const fromCli = (await cli(dir, ['backlinks', refArg(target)])) as { file: string; line: number; moment: string; context: string; item?: string }[];
        const cliKeys = fromCli.map((b) => `${path.basename(b.file)}:${b.line}`).sort();
        // The web app: the entry's page, its backlinks (those naming the item, for an item).
        const page = (await web(server, 'entry', { id: entryId(journal, e) }, dir)) as { backlinks: { moment: string; text: string; item?: string }[] };
        const webLinks = page.backlinks.filter((b) => target.path === undefined || b.item === target.path);
        assert.deepEqual(webLinks.map((b) => `${b.moment} ${b.text} ${b.item ?? ''}`).sort(), fromCli.map((b) => `${b.moment} ${b.context} ${b.item ?? ''}`).sort(), `web backlinks of ${refArg(target)}`);
        // The editor: find references on the header, or on the item's marker.
        const uri = pathToFileURL(path.join(dir, path.basename(e.file.path))).href;
        const offset = target.path ? itemAt(e, target.path)!.marker.from : e.from;
        const position = e.file.doc.position(offset);
        const refs = await lsp.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } });
        assert.deepEqual(refs.map((l) => `${path.basename(fileURLToPath(l.uri))}:${l.range.start.line + 1}`).sort(), cliKeys, `editor references of ${refArg(target)}`);
      }
    });

    test('the parts of every thread, and the next part', async (t) => {
      if (!present) return t.skip('no journal');
      type View = { key: string; next: number; parts: { part: number; present: boolean; moment?: string; subtitle?: string; threads: View[] }[] };
      // The threads page, every page of it: the threads at the top and, inside their parts, the others.
      const flat = new Map<string, View>();
      const walk = (v: View): void => {
        flat.set(v.key, v);
        for (const p of v.parts) p.threads.forEach(walk);
      };
      let tops = 0;
      for (let offset = 0; ; offset += 2) {
        const page = (await web(server, 'threads', { offset: String(offset), limit: '2' }, dir)) as { rows: View[]; total: number };
        page.rows.forEach(walk);
        tops += page.rows.length;
        if (offset + 2 >= page.total) break;
      }
      assert.equal(tops, [...journal.threads.values()].filter((t) => !t.parent).length, 'every thread at the top, once');
      const shape = (v: View): unknown => ({ key: v.key, next: v.next, parts: v.parts.map((p) => [p.part, p.present, p.moment, p.subtitle, p.threads.map(shape)]) });
      assert.ok(journal.threads.size > 0);
      for (const thread of journal.threads.values()) {
        const fromCli = (await cli(dir, ['thread', thread.key])) as View;
        assert.deepEqual(shape(flat.get(thread.key)!), shape(fromCli), `web view of "${thread.key}"`);
        const one = (await web(server, 'threads', { key: thread.key }, dir)) as { rows: View[] };
        assert.deepEqual(shape(one.rows[0]!), shape(fromCli), `the web's page of "${thread.key}"`);
        // The editor offers to continue it with the same part, from any of its parts.
        const part = thread.parts[0]?.entry;
        if (!part) continue;
        const uri = pathToFileURL(path.join(dir, path.basename(part.file.path))).href;
        const position = part.file.doc.position(part.titleFrom);
        const actions = await lsp.request<{ title: string }[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
        const cont = actions.find((a) => a.title.startsWith('Continue the thread'));
        assert.equal(cont?.title, `Continue the thread "${thread.key}" (cont${fromCli.next})`);
      }
    });

    test('the TODOs, the people and the topic tree, page by page', async (t) => {
      if (!present) return t.skip('no journal');
      type Todo = { id: string; state: string; text: string; line: number; ageDays: number };
      const key = (r: Todo) => `${r.id} ${r.state} ${r.line} ${r.ageDays} ${r.text}`;
      const fromCli = ((await cli(dir, ['todo', '--all'])) as Todo[]).map(key).sort();
      const fromWeb: string[] = [];
      for (const state of ['open', 'done']) {
        for (let offset = 0; ; offset += 3) {
          const page = (await web(server, 'todos', { state, offset: String(offset), limit: '3' }, dir)) as { rows: Todo[]; total: number; open: number; done: number };
          fromWeb.push(...page.rows.map(key));
          assert.equal(page.open + page.done, fromCli.length, 'the counts of both states');
          if (offset + 3 >= page.total) break;
        }
      }
      assert.ok(fromCli.length > 3, `${fromCli.length} TODOs`);
      assert.deepEqual(fromWeb.sort(), fromCli, 'every TODO, once, as the CLI lists it');
      const people = (await web(server, 'people', { limit: '500' }, dir)) as { rows: unknown[] };
      assert.deepEqual(people.rows, await cli(dir, ['people']));
      type Node = { topic: string; entries: number; last: string; children: Node[] };
      const topics = (await web(server, 'topics', { limit: '500' }, dir)) as { rows: Node[] };
      assert.deepEqual(topics.rows, await cli(dir, ['topics', '--tree']), 'the topic tree (small enough to be sent whole)');
    });

    test('the totals of 20 searches', async (t) => {
      if (!present) return t.skip('no journal');
      const queries = ['the', 'wal', 'review', '"short write"', 'test*', '-the', 'libvirt xen', '模型', '写放大', 'see', 'patch', 'todo', 'fsync latency', 'kernel', 'Jim', 'xen -libvirt', 'a', '中', 'retry', 'cont'];
      for (const q of queries) {
        const cliQuery = q.startsWith('-') ? `the ${q}` : q;
        const fromCli = (await cli(dir, ['search', cliQuery, '--limit', '0'])) as { total: number; hits: { file: string; line: number }[] };
        const fromWeb = (await web(server, 'search', { q: cliQuery, limit: '500', count: '1' }, dir)) as { total: number; hits: { file: string; line: number }[] };
        assert.equal(fromWeb.total, fromCli.total, `the total of "${cliQuery}"`);
        assert.deepEqual(fromWeb.hits.slice(0, 50).map((h) => `${path.basename(h.file)}:${h.line}`), fromCli.hits.slice(0, 50).map((h) => `${path.basename(h.file)}:${h.line}`), `the hits of "${cliQuery}"`);
      }
    });

    test('the hours of every day and week, and the report of every week', async (t) => {
      if (!present) return t.skip('no journal');
      const days = journal.entries.filter((e) => e.isGtd && e.moment?.valid).map((e) => e.moment!.key.slice(0, 10));
      assert.ok(days.length > 3);
      const since = days.reduce((a, b) => (a < b ? a : b));
      const until = days.reduce((a, b) => (a > b ? a : b));
      type Hours = { days: { date: string; week: string; weekBalance: number }[]; weeks: { week: string }[] };
      const fromCli = (await cli(dir, ['hours', '--since', since, '--until', until])) as Hours;
      const fromWeb = (await web(server, 'hours', { since, until }, dir)) as Hours;
      assert.deepEqual(fromWeb, fromCli, 'the hours of every day and week');
      for (const week of new Set(fromCli.days.map((d) => d.week))) {
        let text = '';
        const io = { stdout: { write: (s: string) => (text += s) }, stderr: { write: () => true }, env: ENV, cwd: dir };
        assert.equal(await main(['report', '--week', week, '--journal', dir], io), 0);
        const report = (await web(server, 'report', { week }, dir)) as { text: string };
        assert.equal(report.text, text, `the report of ${week}`);
      }
    });
  });
}
