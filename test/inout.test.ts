/**
 * Issue 18: in and out. The JSON export gives the journal back byte for byte
 * and validates against its schema (ajv); the Markdown vault's links all
 * land on a block id that exists (parsed with markdown-it); Debian's Emacs
 * sums the org export's clocks to the hours `daybook hours` counts; a round
 * trip through a real Timewarrior keeps every day's hours; imports from each
 * tool's format (fixtures in test/fixtures/import) pass `check`, add nothing
 * the second time and nothing with --dry-run; --redact leaves no mail
 * address of the sample in any export or report.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { dirPrint, daybook, EXAMPLE, fingerprint, haveTool, ROOT, SAMPLE, sampleText, tempDir, tempFile } from './helpers.js';

const require = createRequire(import.meta.url);
const Ajv = (require('ajv') as { default: typeof import('ajv').default }).default;
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'import');
const ENV = { TZ: 'UTC', DAYBOOK_NOW: '2026-01-01 12:00' };

const journals = [
  { name: 'the example journal', path: EXAMPLE, year: 2025 },
  { name: 'the sample', path: SAMPLE, year: 2013 },
];

/** Skips a test on the sample when it is missing (fails in CI). */
function have(t: import('node:test').TestContext, j: { path: string }): boolean {
  return j.path !== SAMPLE || sampleText(t) !== undefined;
}

function run(args: string[], env: Record<string, string> = {}) {
  const r = daybook(args, { env: { ...ENV, ...env } });
  return r;
}

/** The files of a journal (a file, or a directory's files), relative name to bytes. */
function filesOf(p: string): Map<string, Buffer> {
  if (fs.statSync(p).isFile()) return new Map([[path.basename(p), fs.readFileSync(p)]]);
  return new Map(fs.readdirSync(p).filter((f) => /\.(txt|journal)$/.test(f)).map((f) => [f, fs.readFileSync(path.join(p, f))]));
}

/** `daybook hours --json`: spanned and time-off minutes per day that has an account. */
function hoursOf(journal: string, year: number): Map<string, { spanned: number; timeOff: number }> {
  const r = run(['hours', '--json', '--since', `${year}-01-01`, '--until', `${year}-12-31`, '--journal', journal]);
  assert.equal(r.status, 0, r.stderr);
  const days = (JSON.parse(r.stdout) as { days: { date: string; account?: { spannedMinutes: number; timeOffMinutes: number } }[] }).days;
  return new Map(days.filter((d) => d.account).map((d) => [d.date, { spanned: d.account!.spannedMinutes, timeOff: d.account!.timeOffMinutes }]));
}

describe('export json and import json', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  for (const f of fs.readdirSync(path.join(ROOT, 'schemas'))) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', f), 'utf8')) as object);
  const validate = ajv.getSchema('https://daybook.invalid/schemas/journal-export.schema.json')!;

  for (const j of journals) {
    test(`${j.name}: export, validate, import into an empty journal: byte for byte; again: nothing added`, (t) => {
      if (!have(t, j)) return;
      const out = run(['export', 'json', '--journal', j.path]);
      assert.equal(out.status, 0, out.stderr);
      const doc = JSON.parse(out.stdout) as { files: { entries: { references: { status: string; target?: { entry: string } }[]; gtdDay?: unknown }[] }[] };
      assert.ok(validate(doc), ajv.errorsText(validate.errors));
      const entries = doc.files.flatMap((f) => f.entries);
      assert.ok(entries.some((e) => e.references.some((r) => r.status === 'resolved' && r.target)), 'references resolved to entries');
      assert.ok(entries.some((e) => e.gtdDay), 'GTD days');
      const file = tempFile('journal.json', out.stdout);
      const into = path.join(tempDir(), 'journal');
      const imported = run(['import', 'json', file, '--journal', into]);
      assert.equal(imported.status, 0, imported.stderr);
      const want = filesOf(j.path);
      const got = filesOf(into);
      assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
      for (const [name, bytes] of want) assert.ok(got.get(name)!.equals(bytes), `${name} byte for byte`);
      const before = dirPrint(into);
      const again = run(['import', 'json', file, '--journal', into]);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /added 0 entries; \d+ already there/);
      assert.deepEqual(dirPrint(into), before, 'a second import changes nothing');
      // Into a file named with --file: one file's export comes back byte for byte under its new name.
      if (want.size === 1) {
        const dir = path.join(tempDir(), 'named');
        assert.equal(run(['import', 'json', file, '--file', 'back.txt', '--journal', dir]).status, 0);
        assert.ok(fs.readFileSync(path.join(dir, 'back.txt')).equals([...want.values()][0]!), '--file back.txt byte for byte');
      }
    });
  }

  test('a file with a byte order mark, CRLF line ends, a preamble and an impossible moment comes back exactly', () => {
    const text = '\uFEFFnotes before the first entry\r\n\r\n9:00 2024-01-02\r\nops, 部署\r\n1, see"10:00 2024-01-03".  \r\n\r\n\r\n10:00 2024-01-03\r\nops\r\n1, x\r\n\r\n25:61 2024-02-30\r\nbad moment\r\n';
    const j = tempFile('j.txt', text);
    const out = run(['export', 'json', '--journal', j]);
    assert.equal(out.status, 0, out.stderr);
    assert.ok(validate(JSON.parse(out.stdout)), ajv.errorsText(validate.errors));
    const into = path.join(tempDir(), 'copy.txt');
    const r = run(['import', 'json', tempFile('j.json', out.stdout), '--journal', into]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.readFileSync(into).equals(Buffer.from(text)), fs.readFileSync(into, 'utf8'));
  });

  test('into a journal that has some of the entries: the missing ones go between, in time order', () => {
    const full = tempFile('j.txt', '9:00 2024-01-01\na\n1, x\n\n9:00 2024-01-02\nb\n1, y\n\n9:00 2024-01-03\nc\n1, z\n');
    const out = run(['export', 'json', '--journal', full]);
    const part = tempFile('j.txt', '9:00 2024-01-01\na\n1, x\n\n9:00 2024-01-03\nc\n1, z\n');
    const r = run(['import', 'json', tempFile('e.json', out.stdout), '--journal', part]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(part, 'utf8'), fs.readFileSync(full, 'utf8'));
  });
});

describe('export markdown', () => {
  for (const j of journals) {
    test(`${j.name}: the vault parsed with markdown-it: every link lands on a note and block id that exist`, (t) => {
      if (!have(t, j)) return;
      const dir = path.join(tempDir(), 'vault');
      const r = run(['export', 'markdown', dir, '--journal', j.path]);
      assert.equal(r.status, 0, r.stderr);
      const model = JSON.parse(run(['export', 'json', '--journal', j.path]).stdout) as { files: { entries: { id: string; topics: string[]; references: { target?: { entry: string } }[]; thread?: { previous?: string; next?: string } }[] }[] };
      const entries = model.files.flatMap((f) => f.entries);
      const md = new MarkdownIt();
      const notes = new Map<string, { ids: Set<string>; links: { href: string; label: string }[]; headings: number }>();
      for (const name of fs.readdirSync(dir)) {
        const tokens = md.parse(fs.readFileSync(path.join(dir, name), 'utf8'), {});
        const ids = new Set<string>();
        const links: { href: string; label: string }[] = [];
        let headings = 0;
        tokens.forEach((tok, i) => {
          if (tok.type === 'heading_open' && tok.tag === 'h2') headings++;
          if (tok.type !== 'inline') return;
          const id = / \^([A-Za-z0-9-]+)$/.exec(tok.content);
          if (id && tokens[i + 1]?.type === 'paragraph_close') ids.add(id[1]!);
          const kids = tok.children ?? [];
          kids.forEach((c, k) => {
            if (c.type === 'link_open') links.push({ href: String(c.attrGet('href')), label: kids[k + 1]?.content ?? '' });
          });
        });
        notes.set(name, { ids, links, headings: name === 'index.md' ? 0 : headings });
      }
      let refs = 0;
      for (const [name, n] of notes) {
        for (const l of n.links) {
          if (/^[a-z]+:/i.test(l.href)) continue;
          const [file, encoded] = l.href.split('#') as [string, string | undefined];
          const fragment = encoded === undefined ? undefined : decodeURIComponent(encoded);
          const target = notes.get(decodeURIComponent(file));
          assert.ok(target, `${name}: a link to ${l.href}: no such note`);
          if (fragment !== undefined) {
            assert.ok(fragment.startsWith('^') && target.ids.has(fragment.slice(1)), `${name}: a link to ${l.href}: no such block id`);
          }
          if (l.label.startsWith('"')) refs++;
        }
      }
      // Every reference whose entry the journal has is a link; every entry a heading with its block id; thread parts linked.
      assert.equal(refs, entries.reduce((n, e) => n + e.references.filter((r) => r.target).length, 0));
      assert.equal([...notes.values()].reduce((n, x) => n + x.headings, 0), entries.length);
      for (const e of entries) assert.ok([...notes.values()].some((n) => n.ids.has(e.id)), `block id of ${e.id}`);
      const threadLinks = [...notes.values()].flatMap((n) => n.links).filter((l) => /^(previous|next) part$/.test(l.label)).length;
      assert.equal(threadLinks, entries.reduce((n, e) => n + (e.thread?.previous ? 1 : 0) + (e.thread?.next ? 1 : 0), 0));
      assert.ok(threadLinks > 0, 'threads are linked part to part');
      const tagged = entries.find((e) => e.topics.length > 1)!;
      const note = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).find((s) => s.includes(`^${tagged.id}\n`))!;
      assert.match(note, new RegExp(`#${tagged.topics[0]!.replace(/[^\p{L}\p{N}_-]+/gu, '-')}\\b`, 'u'), 'topics as tags');
    });
  }

  test('text that looks like Markdown stays text', () => {
    const j = tempFile('j.txt', '9:00 2024-01-02\nops\n1, # not a heading, *not bold*, [not](a link) and <b>html</b>\n- not a list\nnot a heading either\n---\n    not code\n');
    const dir = path.join(tempDir(), 'v');
    assert.equal(run(['export', 'markdown', dir, '--journal', j]).status, 0);
    const html = new MarkdownIt().render(fs.readFileSync(path.join(dir, '2024-01-02.md'), 'utf8'));
    assert.ok(!/<h\d>[^<]*not a heading|<em>|<a href="a|<b>|<ul>\s*<li>not a list|<hr|<pre>|<code>\s*not code/.test(html.replace(/<li>\s*<p><strong>1,<\/strong>/, '')), html);
    assert.match(html, /# not a heading, \*not bold\*, \[not\]\(a link\) and &lt;b&gt;html&lt;\/b&gt;/);
  });
});

describe('export org', () => {
  const ELISP = `
(require 'org)
(require 'org-clock)
(with-current-buffer (find-file-noselect (car command-line-args-left))
  (org-mode)
  (org-map-entries (lambda () (princ (format "day %s %d\\n" (org-entry-get nil "CUSTOM_ID") (org-clock-sum-current-item)))) "LEVEL=1")
  (let ((bad 0) (n 0))
    (org-element-map (org-element-parse-buffer) 'link
      (lambda (l)
        (let ((type (org-element-property :type l)) (path (org-element-property :path l)))
          (when (member type '("custom-id" "fuzzy"))
            (setq n (1+ n))
            (unless (save-excursion
                      (goto-char (point-min))
                      (if (equal type "custom-id") (org-find-property "CUSTOM_ID" path)
                        (re-search-forward (concat "<<" (regexp-quote path) ">>") nil t)))
              (setq bad (1+ bad))
              (princ (format "bad %s %s\\n" type path)))))))
    (princ (format "links %d bad %d\\n" n bad))))
`;
  for (const j of journals) {
    test(`${j.name}: Emacs (Debian's emacs-nox, batch) sums each day's clocks to the spanned minutes of "daybook hours"; every link resolves`, (t) => {
      if (!have(t, j)) return;
      if (!haveTool(t, 'emacs', ['--version'], 'emacs-nox')) return;
      const org = path.join(tempDir(), 'journal.org');
      const r = run(['export', 'org', org, '--journal', j.path]);
      assert.equal(r.status, 0, r.stderr);
      const el = tempFile('check.el', ELISP);
      const emacs = spawnSync('emacs', ['--batch', '-Q', '-l', el, org], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tempDir(), TZ: 'UTC' } });
      assert.equal(emacs.status, 0, emacs.stderr);
      const sums = new Map([...emacs.stdout.matchAll(/^day d(\S+) (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
      const hours = hoursOf(j.path, j.year);
      assert.ok([...hours.values()].some((h) => h.spanned > 0));
      for (const [date, h] of hours) assert.equal(sums.get(date) ?? 0, h.spanned, `${date}: org's clock sum`);
      for (const [date, minutes] of sums) if (minutes > 0) assert.ok(hours.has(date), `${date} has clocks and hours`);
      const links = /^links (\d+) bad (\d+)$/m.exec(emacs.stdout);
      assert.ok(links && Number(links[1]) > 0, emacs.stdout.slice(-500));
      assert.equal(Number(links[2]), 0, emacs.stdout.slice(-2000));
    });
  }
});

describe('export org: the shape', () => {
  test('a day heading once, days in order, even when an entry was written out of order; structure in the text stays text', () => {
    const j = tempFile('j.txt', '9:00 2024-01-03\na\n1, x\n* not a heading\nCLOCK: [2024-01-03 Wed 09:00]--[2024-01-03 Wed 10:00] =>  1:00\n\n9:00 2024-01-02\nb\n1, y\n\n10:00 2024-01-03\nc\n1, z\n');
    const r = run(['export', 'org', '-', '--journal', j]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n').filter((l) => l.startsWith('*')), ['* 2024-01-02 Tuesday', '** [2024-01-02 Tue 09:00] b :b:', '* 2024-01-03 Wednesday', '** [2024-01-03 Wed 09:00] a :a:', '** [2024-01-03 Wed 10:00] c :c:']);
    assert.ok(!/^\s*CLOCK:/m.test(r.stdout), 'a CLOCK line of the text is not a clock');
  });
});

describe('Timewarrior round trip', () => {
  for (const j of journals) {
    test(`${j.name}: export timewarrior --track into timew 1.4, timew export, import into an empty journal: every day's hours kept`, (t) => {
      if (!have(t, j)) return;
      if (!haveTool(t, 'timew', ['--version'], 'timewarrior')) return;
      const db = tempDir();
      const timewEnv = { PATH: process.env.PATH ?? '', TZ: 'UTC', TIMEWARRIORDB: db, HOME: tempDir() };
      const track = run(['export', 'timewarrior', '--track', '--journal', j.path]);
      assert.equal(track.status, 0, track.stderr);
      const loaded = spawnSync('sh', [], { input: track.stdout, encoding: 'utf8', env: timewEnv });
      assert.equal(loaded.status, 0, loaded.stderr);
      const exported = spawnSync('timew', ['export'], { encoding: 'utf8', env: timewEnv });
      assert.equal(exported.status, 0, exported.stderr);
      const into = path.join(tempDir(), 'journal');
      const r = run(['import', 'timewarrior', tempFile('timew.json', exported.stdout), '--journal', into]);
      assert.equal(r.status, 0, r.stderr);
      const check = run(['check', '--journal', into]);
      assert.equal(check.status, 0, check.stdout);
      const original = hoursOf(j.path, j.year);
      const back = hoursOf(into, j.year);
      let days = 0;
      for (const [date, h] of original) {
        // Timewarrior gets each span less its time off (nap 30'), as the export cuts it.
        const want = h.spanned - h.timeOff;
        if (want <= 0) continue;
        days++;
        assert.equal(back.get(date)?.spanned, want, `${date}: the spans' minutes`);
      }
      assert.ok(days > 0);
      assert.equal([...back.values()].filter((h) => h.spanned > 0).length, days, 'no day gained hours');
    });
  }
});

describe('imports from each tool', () => {
  const cases: { format: string; source: string; entries: number; has: RegExp[] }[] = [
    { format: 'jrnl', source: 'jrnl.json', entries: 3, has: [/^9:12 2024-03-05\nbuild, Build farm went red after the compiler bump\.\n/m, /^ 9:30 2024-03-05$/m, /^16:40 2024-03-09\n家里, starred, 周末整理书架\.\n/m] },
    { format: 'dayone', source: 'dayone.json', entries: 2, has: [/^9:20 2024-03-06\n会议, 早会\n讨论了发布窗口\. 决定推迟到周五\.\n\n- 负责人: 小林\n/m, /^18:45 2024-03-06\nstarred, Evening run by the river\n/m] },
    { format: 'obsidian', source: 'obsidian', entries: 4, has: [/^9:40 2024-03-05\nwork, oncall, pager storm\n- 37 alerts/m, /^14:05 2024-03-05\nwork, oncall, 值班交接\n/m, /^0:00 2024-03-08\n读书笔记\n/m] },
    { format: 'org', source: 'org-journal.org', entries: 5, has: [/^10:16 2024-03-05\nGTD\n0, 10:15-11:45 14:00-14:40 15:10-15:50\n\n1, today\n1\), 10:15-11:45 Flaky integration test: Bisect\. see"10:15 2024-3-5"\.\n2\), 14:00-14:40 15:10-15:50 代码评审\. see"14:00 2024-3-5"\.\n/m, /^23:10 2024-03-06\nNight deploy\nRolled out the schema change\.\n/m] },
    { format: 'timewarrior', source: 'timew.json', entries: 1, has: [/^8:30 2024-03-05\nGTD\n0, 8:30-10:00 13:00-14:30 22:30-1:15\n\n1, today\n1\), 8:30-10:00 13:00-14:30 review, 发布: release notes\.\n2\), 22:30-1:15 migration\.\n/m] },
  ];
  for (const c of cases) {
    test(`${c.format}: into an empty journal, check finds no error; a second run adds nothing; --dry-run writes nothing`, () => {
      const source = path.join(FIXTURES, c.source);
      const dry = path.join(tempDir(), 'journal');
      const preview = run(['import', c.format, source, '--journal', dry, '--dry-run']);
      assert.equal(preview.status, 0, preview.stderr);
      assert.match(preview.stdout, new RegExp(`would add ${c.entries} entr`));
      assert.ok(!fs.existsSync(dry), '--dry-run makes nothing');
      const into = path.join(tempDir(), 'journal');
      const r = run(['import', c.format, source, '--journal', into]);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(fs.readdirSync(into), ['2024-03.txt'], 'a file a month in a new directory');
      const text = fs.readFileSync(path.join(into, '2024-03.txt'), 'utf8');
      for (const re of c.has) assert.match(text, re);
      const check = run(['check', '--journal', into, '--json']);
      assert.equal(check.status, 0, check.stdout);
      const found = JSON.parse(check.stdout) as { files: { diagnostics?: { severity: string; code: string }[] }[]; entries?: number };
      assert.ok(!JSON.stringify(found).includes('"severity": "error"') && !JSON.stringify(found).includes('"severity":"error"'));
      const stats = JSON.parse(run(['stats', into, '--json']).stdout) as { entries: number };
      assert.equal(stats.entries, c.entries);
      const before = dirPrint(into);
      const again = run(['import', c.format, source, '--journal', into]);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, new RegExp(`added 0 entries; ${c.entries} already there`));
      assert.deepEqual(dirPrint(into), before);
      const dryAgain = run(['import', c.format, source, '--journal', into, '--dry-run']);
      assert.equal(dryAgain.status, 0);
      assert.deepEqual(dirPrint(into), before);
    });
  }

  test('the org clocks count as org counts them: the hours of the GTD days', () => {
    const into = path.join(tempDir(), 'journal');
    assert.equal(run(['import', 'org', path.join(FIXTURES, 'org-journal.org'), '--journal', into]).status, 0);
    const h = hoursOf(into, 2024);
    assert.equal(h.get('2024-03-05')?.spanned, 90 + 40 + 40);
    assert.equal(h.get('2024-03-06')?.spanned, 75, 'a clock across midnight');
  });

  test('into a file with entries before and after: each goes between, in time order; --dry-run first changes nothing', () => {
    const j = tempFile('log.txt', '8:00 2024-03-04\nops\n1, before the import\n\n8:00 2024-03-08\nops\n1, between two imported entries\n\n8:00 2024-03-12\nops\n1, after\n');
    const before = fingerprint(j);
    const dry = run(['import', 'jrnl', path.join(FIXTURES, 'jrnl.json'), '--journal', j, '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /would add 3 entries\n {2}9:12 2024-03-05 {2}build, Build farm/);
    assert.equal(fingerprint(j), before);
    assert.equal(run(['import', 'jrnl', path.join(FIXTURES, 'jrnl.json'), '--journal', j]).status, 0);
    const headers = fs.readFileSync(j, 'utf8').split('\n').filter((l) => /^\d{1,2}:\d{2} \d{4}-/.test(l));
    assert.deepEqual(headers, ['8:00 2024-03-04', '9:12 2024-03-05', '17:05 2024-03-07', '8:00 2024-03-08', '16:40 2024-03-09', '8:00 2024-03-12']);
    const check = run(['check', j]);
    assert.equal(check.status, 0);
    assert.match(check.stdout + check.stderr, /0 errors, 0 warnings/);
    assert.ok(fs.readFileSync(j, 'utf8').startsWith('8:00 2024-03-04\nops\n1, before the import\n\n9:12 2024-03-05\n'), 'the entries there are not changed');
  });

  test('into a journal of monthly files: the month\'s file, made when missing; an entry at a moment taken is listed, not added', () => {
    const dir = path.join(tempDir(), 'log');
    fs.cpSync(EXAMPLE, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '2024-03.txt'), '9:12 2024-03-05\nsomething else at that moment\n');
    const r = run(['import', 'jrnl', path.join(FIXTURES, 'jrnl.json'), '--journal', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2024-03\.txt: added 2 entries\n {2}not added: 9:12 2024-03-05 \(entry 1\): another entry of the journal is at that moment/);
    for (const f of ['2025-09.txt', '2025-10.txt', '2025-11.txt']) assert.ok(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(EXAMPLE, f))), `${f} untouched`);
  });

  test('bad input: a message with an example, exit 2, nothing written', () => {
    const dir = path.join(tempDir(), 'log');
    fs.cpSync(EXAMPLE, dir, { recursive: true });
    const before = dirPrint(dir);
    const redacted = tempFile('r.json', run(['export', 'json', '--redact', '--journal', EXAMPLE]).stdout);
    for (const [args, message] of [
      [['import'], /import: from what\?\n {2}expected one of json, jrnl, dayone, obsidian, org, timewarrior/],
      [['import', 'evernote', 'x'], /import: unknown format "evernote"/],
      [['import', 'jrnl'], /import jrnl: no file given\n {2}e\.g\. daybook import jrnl/],
      [['import', 'jrnl', tempFile('x.json', '{"entries": [{"title": "t", "date": "2024-3-5"}]}')], /entry 1 has no "date" \(YYYY-MM-DD\) and "time" \(HH:MM\)/],
      [['import', 'jrnl', tempFile('x.json', 'not json')], /is not JSON/],
      [['import', 'dayone', tempFile('x.json', '{"entries": [{"text": "x"}]}')], /entry 1 has no "creationDate"/],
      [['import', 'timewarrior', tempFile('x.json', '{"start": 1}')], /is not a list of intervals/],
      [['import', 'timewarrior', tempFile('x.json', '[{"start": "2024-03-05 09:00"}]')], /interval 1 has no "start" like "20130222T090000Z"/],
      [['import', 'org', tempFile('x.org', '** 09:00 an entry before any day\n')], /has no day heading|names no date/],
      [['import', 'obsidian', tempDir()], /holds no daily note\n {2}expected notes named by their date, YYYY-MM-DD\.md/],
      [['import', 'json', tempFile('x.json', '{"files": []}')], /not a daybook journal export/],
      [['import', 'json', redacted], /a redacted export \(--redact\)/],
      [['import', 'jrnl', path.join(FIXTURES, 'jrnl.json'), '--file', '../elsewhere.txt'], /--file \.\.\/elsewhere\.txt: not a journal file inside/],
      [['export', 'json', '--month', '2025-10'], /export: json writes the whole journal/],
      [['export', 'markdown'], /export markdown: where to\? no directory given/],
      [['export', 'org', path.join(dir, '2025-10.txt')], /export org: .*2025-10\.txt is a file of the journal/],
      [['export', 'markdown', path.join(dir, '2025-10.txt')], /is a file, not a directory/],
    ] as const) {
      const r = run([...args, '--journal', dir]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.deepEqual(dirPrint(dir), before, `${args.join(' ')} touched nothing`);
    }
  });
});

describe('--redact', () => {
  test('on the sample: no mail address of it remains in any export or in the report', (t) => {
    const text = sampleText(t);
    if (text === undefined) return;
    const addresses = [...new Set(text.match(/[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*/gu) ?? [])];
    assert.ok(addresses.length >= 10, `the sample's addresses: ${addresses.join(' ')}`);
    const outputs: [string, string][] = [];
    for (const format of ['json', 'csv', 'ical', 'timewarrior']) outputs.push([format, run(['export', format, '--redact', '--journal', SAMPLE]).stdout]);
    outputs.push(['csv --json', run(['export', 'csv', '--json', '--redact', '--journal', SAMPLE]).stdout]);
    const dir = path.join(tempDir(), 'vault');
    assert.equal(run(['export', 'markdown', dir, '--redact', '--journal', SAMPLE]).status, 0);
    for (const f of fs.readdirSync(dir)) outputs.push([`markdown ${f}`, fs.readFileSync(path.join(dir, f), 'utf8')]);
    outputs.push(['org', run(['export', 'org', '-', '--redact', '--journal', SAMPLE]).stdout]);
    for (const extra of [[], ['--markdown'], ['--json']]) outputs.push([`report ${extra.join(' ')}`, run(['report', '--month', '2013-02', '--redact', ...extra, '--journal', SAMPLE]).stdout]);
    for (const [what, out] of outputs) {
      assert.ok(out.length > 0, `${what} wrote something`);
      for (const a of addresses) assert.ok(!out.includes(a), `${what} still holds ${a}`);
    }
    // Without --redact they are there: the check can fail.
    assert.ok(addresses.some((a) => run(['export', 'json', '--journal', SAMPLE]).stdout.includes(a)));
    assert.ok(outputs.find(([w]) => w === 'json')![1].includes('[mail]'));
  });

  test('names and patterns from the config, and the journal\'s people; the journal untouched', () => {
    const j = tempFile('j.txt', '9:00 2024-01-02\nmeeting, Ada Lovelace\n1, ticket-4711 with 王小明, call +49 911 740 530\n');
    const before = fingerprint(j);
    const config = tempFile('config.json', JSON.stringify({ redact: { names: ['王小明'], people: true, patterns: ['ticket-\\d+'] } }));
    const out = run(['export', 'json', '--redact', '--config', config, '--journal', j]).stdout;
    assert.ok(!/Ada Lovelace|王小明|ticket-4711|740 530/.test(out), out);
    assert.match(out, /\[name\]/);
    assert.match(out, /\[redacted\]/);
    assert.match(out, /\[phone\]/);
    assert.equal(fingerprint(j), before);
  });
});
