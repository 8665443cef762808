/**
 * The index as a cache: kept in step with the journal (appends, edits,
 * deletions) while reading only what changed, rebuilt from a damaged or
 * foreign file, and never writing the journal.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { generateJournal } from '../bench/generate.js';
import { closeIndex, openIndex, syncIndex, type Index } from '../src/indexing/index.js';
import { DiskJournal } from '../src/journal/disk.js';
import { sha1OfText } from '../src/journal/hash.js';
import { parseQuery, search } from '../src/search/index.js';
import { daybook, EXAMPLE, fingerprint, haveScript, ROOT, tempDir } from './helpers.js';

const ENTRY_A = '9:00 2024-03-04\nstorage, wal\n1, the checkpoint stalls again.\n\n';
const ENTRY_B = '14:30 2024-03-04\nmeeting, 周会\n1, 讨论了压缩策略 and the rollout.\n\n';
const ENTRY_C = '16:00 2024-03-05\nops\n1, disk full on stage-db-3.\n';

function journalDir(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const sources = (dir: string) =>
  fs
    .readdirSync(dir)
    .sort()
    .map((f) => ({ path: path.join(dir, f), shown: f }));

const found = (index: Index, q: string) => search(index.db, { terms: parseQuery(q), limit: 0 }).hits.map((h) => `${h.file}:${h.line}`);

/** Moves a file's mtime on, as an editor's save would. */
function touch(file: string): void {
  const t = fs.statSync(file).mtimeMs / 1000 + 5;
  fs.utimesSync(file, t, t);
}

describe('the index follows the journal, reading only what changed', () => {
  test('an appended entry: only the last entry and the new one are read', async () => {
    const dir = journalDir({ 'a.txt': ENTRY_A + ENTRY_B });
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      assert.deepEqual(await syncIndex(index, sources(dir)), { files: 1, read: 1, indexed: 2, removed: 0, parallel: false });
      assert.deepEqual(await syncIndex(index, sources(dir)), { files: 1, read: 0, indexed: 0, removed: 0, parallel: false });
      fs.appendFileSync(path.join(dir, 'a.txt'), ENTRY_C);
      touch(path.join(dir, 'a.txt'));
      assert.deepEqual(await syncIndex(index, sources(dir)), { files: 1, read: 1, indexed: 2, removed: 1, parallel: false });
      assert.deepEqual(found(index, 'stage-db'), ['a.txt:9']);
      assert.deepEqual(found(index, '压缩'), ['a.txt:5']);
      assert.deepEqual(found(index, 'checkpoint'), ['a.txt:1']);
    } finally {
      closeIndex(index);
    }
  });

  test('an append its reader has just checked is read from its tail with the reader\'s hashes; a reading the file no longer matches is not used', async () => {
    const dir = journalDir({ 'a.txt': ENTRY_A + ENTRY_B });
    const file = path.join(dir, 'a.txt');
    const disk = new DiskJournal([{ path: file, name: 'a.txt' }]);
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    const fileSha1 = () => (index.db.prepare('SELECT sha1 FROM main.file').get() as { sha1: string }).sha1;
    try {
      await syncIndex(index, sources(dir));
      fs.appendFileSync(file, ENTRY_C);
      touch(file);
      assert.equal(disk.refresh().get('a.txt'), 'appended');
      const seen = disk.seenOf('a.txt')!;
      assert.deepEqual(seen.grewFrom, { size: Buffer.byteLength(ENTRY_A + ENTRY_B), sha1: fileSha1() });
      // The reader's hash of the whole is taken as it is (a marked copy shows it was used, not computed again).
      const report = await syncIndex(index, sources(dir), undefined, { known: (p) => (p === file ? { ...seen, sha1: `${seen.sha1}(reader)` } : undefined) });
      assert.deepEqual(report, { files: 1, read: 1, indexed: 2, removed: 1, parallel: false });
      assert.equal(fileSha1(), `${seen.sha1}(reader)`);
      assert.deepEqual(found(index, 'stage-db'), ['a.txt:9']);
      assert.deepEqual(found(index, '压缩'), ['a.txt:5']);
      // The file changed again since that reading: the index reads and hashes it itself.
      fs.writeFileSync(file, ENTRY_B + ENTRY_C);
      touch(file);
      await syncIndex(index, sources(dir), undefined, { known: () => ({ ...seen, sha1: `${seen.sha1}(reader)` }) });
      assert.equal(fileSha1(), crypto.hash('sha1', fs.readFileSync(file), 'base64'));
      assert.deepEqual(found(index, 'checkpoint'), []);
      assert.deepEqual(found(index, 'stage-db'), ['a.txt:5']);
    } finally {
      closeIndex(index);
    }
  });

  test('an edit in the middle re-indexes that entry only; entries after it move', async () => {
    const dir = journalDir({ 'a.txt': ENTRY_A + ENTRY_B + ENTRY_C });
    const file = path.join(dir, 'a.txt');
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      await syncIndex(index, sources(dir));
      fs.writeFileSync(file, ENTRY_A.replace('stalls again', 'stalls again and again, 又卡住了') + ENTRY_B + ENTRY_C);
      touch(file);
      assert.deepEqual(await syncIndex(index, sources(dir)), { files: 1, read: 1, indexed: 1, removed: 1, parallel: false });
      assert.deepEqual(found(index, '又卡'), ['a.txt:1']);
      assert.deepEqual(found(index, 'stage-db'), ['a.txt:9']);
      // Deleting an entry takes it out and reads nothing new.
      fs.writeFileSync(file, ENTRY_A.replace('stalls again', 'stalls again and again, 又卡住了') + ENTRY_C);
      touch(file);
      assert.deepEqual(await syncIndex(index, sources(dir)), { files: 1, read: 1, indexed: 0, removed: 1, parallel: false });
      assert.deepEqual(found(index, '压缩'), []);
      assert.deepEqual(found(index, 'stage-db'), ['a.txt:5']);
    } finally {
      closeIndex(index);
    }
  });

  test('a saved but unchanged file is not read; a file gone from the journal is taken out', async () => {
    const dir = journalDir({ 'a.txt': ENTRY_A, 'b.txt': ENTRY_B + ENTRY_C });
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      await syncIndex(index, sources(dir));
      touch(path.join(dir, 'a.txt'));
      assert.deepEqual(await syncIndex(index, sources(dir)), { files: 2, read: 0, indexed: 0, removed: 0, parallel: false });
      fs.rmSync(path.join(dir, 'b.txt'));
      assert.deepEqual(await syncIndex(index, sources(dir)), { files: 1, read: 0, indexed: 0, removed: 2, parallel: false });
      assert.deepEqual(found(index, 'stage-db'), []);
      assert.deepEqual(found(index, 'checkpoint'), ['a.txt:1']);
    } finally {
      closeIndex(index);
    }
  });

  test('indexing never writes the journal', async () => {
    const before = fs.readdirSync(EXAMPLE).map((f) => fingerprint(path.join(EXAMPLE, f)));
    const r = daybook(['search', 'checkpoint', '--journal', EXAMPLE]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      fs.readdirSync(EXAMPLE).map((f) => fingerprint(path.join(EXAMPLE, f))),
      before,
    );
  });
});

/** Writes a file and sets its times back to what they were, to the nanosecond (`touch -r`, as a user would). */
function editKeepingTimes(file: string, text: string): void {
  const ref = path.join(tempDir(), 'times');
  fs.writeFileSync(ref, '');
  assert.equal(spawnSync('touch', ['-r', file, ref]).status, 0);
  fs.writeFileSync(file, text);
  assert.equal(spawnSync('touch', ['-r', ref, file]).status, 0);
}

describe('the texts shown are the texts indexed', () => {
  test('a same-size edit with the mtime set back (touch -d) is still seen: the ctime moved', async () => {
    const dir = journalDir({ 'a.txt': ENTRY_A + ENTRY_C });
    const file = path.join(dir, 'a.txt');
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      await syncIndex(index, sources(dir));
      const before = fs.statSync(file);
      const edited = fs.readFileSync(file, 'utf8').replace('checkpoint stalls', 'checkpoint drains');
      assert.equal(Buffer.byteLength(edited), before.size, 'the same size');
      editKeepingTimes(file, edited);
      const after = fs.statSync(file);
      assert.equal(after.mtimeMs, before.mtimeMs, 'the mtime set back');
      assert.equal(after.ino, before.ino);
      const report = await syncIndex(index, sources(dir));
      assert.equal(report.read, 1, 'the file was read again');
      assert.deepEqual(found(index, 'drains'), ['a.txt:1']);
      assert.deepEqual(found(index, 'stalls'), []);
    } finally {
      closeIndex(index);
    }
  });

  test('a file replaced after the sync: its entries are left out and counted, never shown with the other text', async () => {
    const dir = journalDir({ 'a.txt': ENTRY_A + ENTRY_C, 'b.txt': ENTRY_B });
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      await syncIndex(index, sources(dir));
      // Same entries, shifted down: at the indexed offsets there is now other text.
      fs.writeFileSync(path.join(dir, 'a.txt'), '8:00 2024-03-04\nnew\n1, a new first entry, with a checkpoint in it.\n\n' + ENTRY_A + ENTRY_C);
      const r = search(index.db, { terms: parseQuery('checkpoint'), limit: 0 });
      assert.deepEqual(r.hits, []);
      assert.equal(r.stale, 1);
      const b = search(index.db, { terms: parseQuery('rollout'), limit: 0 });
      assert.deepEqual(b.hits.map((h) => `${h.file}:${h.line}`), ['b.txt:1'], 'an unchanged file is searched as before');
      assert.equal(b.stale, undefined);
      // Written in place, keeping size, mtime and ctime checks aside: the bytes' sha1 still tells.
      await syncIndex(index, sources(dir));
      assert.deepEqual(found(index, 'checkpoint').sort(), ['a.txt:1', 'a.txt:5']);
      fs.rmSync(path.join(dir, 'a.txt'));
      const gone = search(index.db, { terms: parseQuery('checkpoint'), limit: 0 });
      assert.deepEqual([gone.hits.length, gone.stale], [0, 2], 'a file gone: left out, no error');
    } finally {
      closeIndex(index);
    }
  });

  test('a file appended to after the sync: its indexed entries are still found (their bytes still hash the same)', async () => {
    const dir = journalDir({ 'a.txt': ENTRY_A + ENTRY_B });
    const index = openIndex(path.join(tempDir(), 'i.sqlite'));
    try {
      await syncIndex(index, sources(dir));
      fs.appendFileSync(path.join(dir, 'a.txt'), ENTRY_C);
      touch(path.join(dir, 'a.txt'));
      const r = search(index.db, { terms: parseQuery('checkpoint'), limit: 0 });
      assert.deepEqual(r.hits.map((h) => `${h.file}:${h.line}`), ['a.txt:1']);
      assert.equal(r.stale, undefined);
      assert.deepEqual(found(index, 'stage-db'), [], 'the new entry waits for the next sync');
    } finally {
      closeIndex(index);
    }
  });

  test('search (the command) syncs again when the journal changed under it; the same-size edit is found', () => {
    const dir = journalDir({ 'a.txt': ENTRY_A });
    const file = path.join(dir, 'a.txt');
    const idx = path.join(tempDir(), 'i.sqlite');
    assert.equal(daybook(['search', 'stalls', '--journal', dir, '--index', idx]).status, 0);
    editKeepingTimes(file, fs.readFileSync(file, 'utf8').replace('stalls', 'drains'));
    const r = daybook(['search', 'drains', '--journal', dir, '--index', idx]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /checkpoint drains/);
    assert.equal(daybook(['search', 'stalls', '--journal', dir, '--index', idx]).status, 1);
  });

  test('an index of version 2 (no ctime) is brought to this version: rebuilt, since version 4 keeps its trigrams otherwise', async () => {
    const dir = journalDir({ 'a.txt': ENTRY_A + ENTRY_C });
    const file = path.join(tempDir(), 'i.sqlite');
    let index = openIndex(file);
    await syncIndex(index, sources(dir));
    index.db.exec('ALTER TABLE main.file DROP COLUMN ctime_ms');
    index.db.pragma('user_version = 2');
    closeIndex(index);
    index = openIndex(file);
    try {
      assert.equal(index.db.pragma('user_version', { simple: true }), 4);
      const report = await syncIndex(index, sources(dir));
      assert.equal(report.indexed, 2, 'every entry indexed again');
      assert.notEqual(index.db.prepare('SELECT ctime_ms FROM main.file').pluck().get(), 0);
      assert.deepEqual(found(index, 'checkpoint'), ['a.txt:1']);
      assert.equal((await syncIndex(index, sources(dir))).read, 0, 'then fresh by stat alone');
    } finally {
      closeIndex(index);
    }
  });

  test('a first indexing (in one thread or two) fills the tables without their secondary indexes and makes every one again', async () => {
    for (const parallelBytes of [undefined, 0]) {
      const dir = journalDir({ 'a.txt': ENTRY_A + ENTRY_B, 'b.txt': ENTRY_C });
      const index = openIndex(path.join(tempDir(), 'i.sqlite'));
      const indexes = () => index.db.prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all();
      try {
        const before = indexes();
        assert.ok(before.length >= 8, `the schema has its indexes (${before.length})`);
        const report = await syncIndex(index, sources(dir), undefined, { parallelBytes });
        assert.equal(report.parallel, parallelBytes === 0);
        assert.deepEqual(indexes(), before);
        assert.deepEqual(found(index, 'checkpoint'), ['a.txt:1']);
        const plan = index.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM main.entry WHERE moment = 1').all() as { detail: string }[];
        assert.match(plan.map((p) => p.detail).join(' '), /entry_moment/);
      } finally {
        closeIndex(index);
      }
    }
  });

  test('an index of version 3 (an FTS5 trigram table) gets a new grams file, not one of free pages, and finds what it found', async () => {
    const dir = journalDir({ 'a.txt': ENTRY_A + ENTRY_C });
    const file = path.join(tempDir(), 'i.sqlite');
    let index = openIndex(file);
    await syncIndex(index, sources(dir));
    index.db.pragma('user_version = 3');
    closeIndex(index);
    // The grams file as version 3 made it: an FTS5 table holding a megabyte of trigrams.
    fs.rmSync(`${file}-grams`);
    const old = new Database(`${file}-grams`);
    old.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID; CREATE VIRTUAL TABLE grams USING fts5(text, tokenize = 'trigram', content = '', contentless_delete = 1, detail = none);");
    const insert = old.prepare('INSERT INTO grams (rowid, text) VALUES (?, ?)');
    old.transaction(() => {
      for (let i = 1; i <= 2000; i++) insert.run(i, crypto.randomBytes(300).toString('base64'));
    })();
    old.pragma('user_version = 3');
    old.close();
    const oldSize = fs.statSync(`${file}-grams`).size;
    index = openIndex(file);
    try {
      const report = await syncIndex(index, sources(dir));
      assert.equal(report.indexed, 2, 'every entry indexed again');
      assert.deepEqual(found(index, 'checkpoint'), ['a.txt:1']);
      assert.ok(fs.statSync(`${file}-grams`).size < oldSize / 4, `the grams file made anew (${fs.statSync(`${file}-grams`).size} bytes, was ${oldSize})`);
    } finally {
      closeIndex(index);
    }
  });
});

describe('the index is a cache: a bad file there is moved aside and rebuilt', () => {
  const run = (indexFile: string, args: string[] = ['search', 'checkpoint']) => daybook([...args, '--journal', EXAMPLE, '--index', indexFile]);

  test('a file that is not a database', () => {
    const file = path.join(tempDir(), 'idx.sqlite');
    fs.writeFileSync(file, 'this is not a database, it is a shopping list: milk, eggs, 豆腐\n'.repeat(200));
    const r = run(file);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /is not a daybook index: it is not a database that can be read .*; moved it to .*idx\.sqlite\.bad and built a new index/);
    assert.match(r.stdout, /checkpoint/);
    assert.match(fs.readFileSync(`${file}.bad`, 'utf8'), /shopping list/);
    const again = run(file);
    assert.equal(again.stderr.includes('moved'), false, again.stderr);
  });

  test("another program's SQLite database", () => {
    const file = path.join(tempDir(), 'idx.sqlite');
    const db = new Database(file);
    db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ann')");
    db.close();
    const r = run(file);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /an SQLite database of another program; moved it to/);
    const kept = new Database(`${file}.bad`, { readonly: true });
    assert.deepEqual(kept.prepare('SELECT name FROM contacts').pluck().all(), ['Ann']);
    kept.close();
  });

  test('an index of a newer version, and a damaged one', () => {
    const file = path.join(tempDir(), 'idx.sqlite');
    assert.equal(run(file).status, 0);
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    let r = run(file);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /made by a newer daybook \(index version 99/);
    // Cut the file short: SQLite finds it damaged.
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 2));
    r = run(file);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /moved it to/);
    assert.match(r.stdout, /checkpoint/);
  });

  test('a lost half of the index (the -grams file) is rebuilt without a word', () => {
    const file = path.join(tempDir(), 'idx.sqlite');
    const first = run(file);
    fs.rmSync(`${file}-grams`);
    const r = run(file);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, first.stdout);
  });

  test('the index lives in the XDG cache directory unless told otherwise', () => {
    const home = tempDir();
    const cache = path.join(home, 'cache');
    const r = daybook(['index', '--journal', EXAMPLE, '--json'], { env: { HOME: home, XDG_CACHE_HOME: cache } });
    assert.equal(r.status, 0, r.stderr);
    const status = JSON.parse(r.stdout);
    assert.equal(path.dirname(status.index), path.join(cache, 'daybook'));
    // Named as every earlier build named it (an index is found again after an update): the journal's name, the SHA-1 of its paths.
    const key = crypto.createHash('sha1').update(path.resolve(EXAMPLE)).digest('hex').slice(0, 12);
    assert.equal(path.basename(status.index), `journal-${key}.sqlite`);
    assert.equal(status.entries, 33);
    const env = daybook(['index', '--journal', EXAMPLE, '--json'], { env: { HOME: home, DAYBOOK_INDEX: path.join(home, 'x.sqlite') } });
    assert.equal(JSON.parse(env.stdout).index, path.join(home, 'x.sqlite'));
    const rebuilt = JSON.parse(daybook(['index', '--rebuild', '--journal', EXAMPLE, '--json'], { env: { HOME: home, XDG_CACHE_HOME: cache } }).stdout);
    assert.equal(rebuilt.indexed, 33);
  });
});

test("the default index's key, SHA-1 in JavaScript, is node:crypto's SHA-1 of any text (every length around a block, Chinese, emoji)", () => {
  for (let n = 0; n < 300; n++) {
    const text = Array.from({ length: n }, (_, i) => ['a', '/', '模', '😀', '\n', 'é'][(i * 7 + n) % 6]).join('');
    assert.equal(sha1OfText(text), crypto.createHash('sha1').update(text).digest('hex'), `length ${n}`);
  }
});

describe('an index that cannot be used where it should be: search still answers, says why, and names the fix', () => {
  const FIX = /give it a path that can be written, e\.g\. --index .* or DAYBOOK_INDEX=/;

  test('a directory given as the index (--index, DAYBOOK_INDEX): a temporary index, the directory untouched', () => {
    const dir = tempDir();
    let r = daybook(['search', 'checkpoint', '--journal', EXAMPLE, '--index', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /checkpoint/);
    assert.match(r.stderr, new RegExp(`cannot use the index ${dir}: it is a directory; built a temporary one for this command`));
    assert.match(r.stderr, FIX);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    r = daybook(['search', 'zzzqqq', '--journal', EXAMPLE], { env: { DAYBOOK_INDEX: dir } });
    assert.equal(r.status, 1, 'nothing found is still exit 1');
    assert.match(r.stderr, /it is a directory[\s\S]*no entries found/);
    assert.deepEqual(fs.readdirSync(dir), [], 'nothing was written into the directory');
  });

  test('a path under a regular file (ENOTDIR: fails for root too)', () => {
    const file = path.join(tempDir(), 'plain.txt');
    fs.writeFileSync(file, 'not a directory\n');
    const r = daybook(['search', 'checkpoint', '--journal', EXAMPLE, '--index', path.join(file, 'idx.sqlite')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /checkpoint/);
    assert.match(r.stderr, /a part of its path is a file, not a directory \((ENOTDIR|EEXIST)\); built a temporary one/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'not a directory\n');
  });

  test('a device as the index (a link to /dev/full) is never moved aside or deleted', (t) => {
    if (!fs.existsSync('/dev/full')) return t.skip('SKIPPED: no /dev/full');
    const link = path.join(tempDir(), 'idx.sqlite');
    fs.symlinkSync('/dev/full', link);
    const r = daybook(['search', 'checkpoint', '--journal', EXAMPLE, '--index', link]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /it is not a regular file/);
    assert.equal(fs.readlinkSync(link), '/dev/full');
    assert.equal(fs.statSync('/dev/full').isCharacterDevice(), true);
  });

  test('a full disk (a file size limit, which binds root too): the temporary index fails as well, so it is built in memory', (t) => {
    if (!fs.existsSync('/bin/sh')) return t.skip('SKIPPED: no /bin/sh');
    const dir = tempDir();
    const idx = path.join(dir, 'idx.sqlite');
    // An ignored SIGXFSZ is inherited: a write past the limit fails with EFBIG instead of killing the process.
    const script = `trap '' XFSZ; ulimit -f 2; exec "${process.execPath}" bin/daybook.js search checkpoint --journal "${EXAMPLE}" --index "${idx}"`;
    const r = spawnSync('/bin/sh', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /checkpoint/);
    assert.match(r.stderr, /cannot use the index .*idx\.sqlite: writing it failed \(SQLITE_IOERR_WRITE\)|the disk is full/);
    assert.match(r.stderr, /built one in memory/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('damaged pages (random bytes over every page but the first): moved aside, rebuilt, one line said; the next run is silent', () => {
    const file = path.join(tempDir(), 'idx.sqlite');
    const run = () => daybook(['search', 'checkpoint', '--journal', EXAMPLE, '--index', file]);
    const first = run();
    const size = fs.statSync(file).size;
    const pageSize = new Database(file, { readonly: true }).pragma('page_size', { simple: true }) as number;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, crypto.randomBytes(size - pageSize), 0, size - pageSize, pageSize);
    fs.closeSync(fd);
    const r = run();
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, first.stdout);
    assert.equal(r.stderr.match(/daybook: /g)?.length, 1, r.stderr);
    assert.match(r.stderr, /index .*idx\.sqlite is (damaged|not a daybook index).*moved it to .*idx\.sqlite\.bad and built a new index/);
    const again = run();
    assert.equal(again.stdout, first.stdout);
    assert.doesNotMatch(again.stderr, /damaged|moved/);
  });

  test('a list of the index that cannot be read (cut short, or claiming more ids than it has bits): rebuilt, never a hang', () => {
    for (const damage of ['cut', 'count']) {
      const file = path.join(tempDir(), 'idx.sqlite');
      const run = () => daybook(['search', 'checkpoint', '--journal', EXAMPLE, '--index', file]);
      const first = run();
      assert.equal(first.status, 0, first.stderr);
      const grams = new Database(`${file}-grams`);
      // Every list of the trigrams of "checkpoint": the one search reads first is damaged whichever it is.
      const lists = grams.prepare('SELECT key, first, list FROM gram').all() as { key: number; first: number; list: Buffer }[];
      const update = grams.prepare('UPDATE gram SET list = ? WHERE key = ? AND first = ?');
      for (const l of lists) {
        const bad = damage === 'cut' ? l.list.subarray(0, 3) : Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0x7f]), l.list.subarray(1)]);
        update.run(bad, l.key, l.first);
      }
      grams.close();
      const r = run();
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, first.stdout, damage);
      assert.match(r.stderr, /index .*idx\.sqlite is damaged \(a list of the index is damaged\).*built a new index/, damage);
    }
  });
});

describe('search: bad input gets a clear message, a non-zero exit, and touches nothing', () => {
  for (const [what, args, message] of [
    ['an empty query', ['search', ''], /the query is empty\n {2}expected words to look for, e\.g\./],
    ['no query at all', ['search'], /the query is empty/],
    ['an unbalanced quote', ['search', 'wal "short write'], /quote at column 5 of the query is not closed[\s\S]*expected a closing "/],
    ['only left-out terms', ['search', '-draft', '-"short write"'], /only leaves things out/],
    ['an impossible date', ['search', 'wal', '--on', '2013-02-30'], /--on "2013-02-30": 2013-02 has no day 30\n {2}expected a date like 2013-02-16/],
    ['an unknown date', ['search', 'wal', '--since', 'soonish'], /--since "soonish": not a date daybook knows/],
    ['dates the wrong way round', ['search', 'wal', '--since', '2025-11', '--until', '2025-09'], /is after --until/],
    ['--on with --since', ['search', 'wal', '--on', 'today', '--since', '2025-01-01'], /--on with --since or --until/],
    ['a limit that is not a number', ['search', 'wal', '--limit', 'ten'], /--limit "ten" is not a whole number of entries\n {2}expected a whole number/],
    // "-1" is the flag's value, not a left-out term: it reaches the limit's check as typed (no "\u0000" placeholder).
    ['a negative limit', ['search', 'wal', '--limit', '-1'], /--limit "-1" is not a whole number of entries\n {2}expected a whole number of entries, 0 or more, in digits, e\.g\. --limit 50/],
    ['a negative limit after =', ['search', 'wal', '--limit=-1'], /--limit "-1" is not a whole number/],
    ['a limit in letters after =', ['search', 'wal', '--limit=abc'], /--limit "abc" is not a whole number/],
    ['a limit in exponent form', ['search', 'wal', '--limit', '1e3'], /--limit "1e3" is not a whole number/],
    ['a fractional limit', ['search', 'wal', '--limit', '2.5'], /--limit "2.5" is not a whole number/],
    ['an unknown flag', ['search', 'wal', '--colour'], /unknown flag '--colour'/],
  ] as const) {
    test(what, () => {
      const home = tempDir();
      const before = fs.readdirSync(EXAMPLE).map((f) => fingerprint(path.join(EXAMPLE, f)));
      const r = daybook([...args, '--journal', EXAMPLE], { env: { HOME: home } });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\\u0000|\u0000/, 'no placeholder of a left-out term shows');
      assert.equal(r.stdout, '');
      assert.deepEqual(
        fs.readdirSync(EXAMPLE).map((f) => fingerprint(path.join(EXAMPLE, f))),
        before,
      );
    });
  }

  test('an empty DAYBOOK_INDEX', () => {
    const r = daybook(['search', 'wal', '--journal', EXAMPLE], { env: { DAYBOOK_INDEX: '' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /DAYBOOK_INDEX is empty\n {2}expected the path of the index file/);
  });

  test('a journal deleted after it was indexed', () => {
    const dir = journalDir({ 'a.txt': ENTRY_A + ENTRY_B });
    const idx = path.join(tempDir(), 'i.sqlite');
    assert.equal(daybook(['search', 'checkpoint', '--journal', dir, '--index', idx]).status, 0);
    fs.rmSync(path.join(dir, 'a.txt'));
    let r = daybook(['search', 'checkpoint', '--journal', dir, '--index', idx]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no journal files in this directory/);
    fs.rmSync(dir, { recursive: true });
    r = daybook(['search', 'checkpoint', '--journal', dir, '--index', idx]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no such file or directory\n {2}expected a journal file/);
  });

  test('no hit: exit 1 with a message; --json exits 1 too, printing an empty list', () => {
    const r = daybook(['search', 'zzzqqq', '--journal', EXAMPLE]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no entries found/);
    const j = daybook(['search', 'zzzqqq', '--journal', EXAMPLE, '--json']);
    assert.equal(j.status, 1, 'nothing found is exit 1, as in the human form');
    assert.equal(j.stderr, '');
    assert.deepEqual(JSON.parse(j.stdout), { version: 1, root: EXAMPLE, hits: [], total: 0, exact: true });
    const found = daybook(['search', 'checkpoint', '--journal', EXAMPLE, '--json']);
    assert.equal(found.status, 0);
    assert.ok(JSON.parse(found.stdout).hits.length > 0);
  });

  test('a left-out term beside a flag with a value: the term is left out, the value kept', () => {
    const all = JSON.parse(daybook(['search', 'checkpoint', '--journal', EXAMPLE, '--json', '--limit', '0']).stdout).hits.length;
    const r = daybook(['search', 'checkpoint', '--limit', '0', '-ordered', '--journal', EXAMPLE, '--json']);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const left = JSON.parse(r.stdout);
    assert.ok(left.hits.length < all, `-ordered left some out (${left.hits.length} of ${all})`);
    assert.ok(left.hits.every((h: { snippet: { text: string } }) => !/ordered/i.test(h.snippet.text)));
  });
});

describe('a first indexing of a large journal', () => {
  test('shows a progress bar on a terminal, and lines every few seconds elsewhere', (t) => {
    if (!haveScript(t)) return;
    const dir = tempDir();
    const journal = path.join(dir, 'big.txt');
    generateJournal(journal, 12 * 1024 * 1024, 3);
    const onTerminal = spawnSync('/usr/bin/script', ['-qec', `HOME=${dir} ${process.execPath} bin/daybook.js index --journal ${journal} --index ${path.join(dir, 'a.sqlite')}`, '/dev/null'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    assert.match(onTerminal, /\rindexing \[#* *\] +\d+%/);
    assert.match(onTerminal, /entries indexed/);
    const piped = daybook(['index', '--journal', journal, '--index', path.join(dir, 'b.sqlite')]);
    assert.equal(piped.status, 0, piped.stderr);
    assert.match(piped.stderr, /^(daybook: indexing: \d+% \(\d+ of 12 MB, \d+ s\)\n)*(daybook: indexing: done in [\d.]+ s\n)?$/, 'no bar; at most a line every 3 s');
    assert.match(piped.stdout, /1 files, \d+ entries/);
    // Lines as often as the reader is updated (DAYBOOK_PROGRESS_SECONDS=0): the same lines, never a bar.
    const lines = daybook(['index', '--journal', journal, '--index', path.join(dir, 'c.sqlite')], { env: { DAYBOOK_PROGRESS_SECONDS: '0' } });
    assert.equal(lines.status, 0, lines.stderr);
    assert.doesNotMatch(lines.stderr, /\r|#/);
    assert.match(lines.stderr, /^daybook: indexing: \d+% \(\d+ of 12 MB, \d+ s\)\n(.*\n)*daybook: indexing: done in [\d.]+ s\n$/);
    // In two threads (12 MB is past the threshold), the worker's half counts while the main thread is busy: the lines climb past half.
    const percents = [...lines.stderr.matchAll(/(\d+)%/g)].map((m) => Number(m[1]));
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'never goes back');
    assert.ok(percents.at(-1)! >= 90, `the last line before done says ${percents.at(-1)}%`);
  });
});
