/**
 * The `daybook` command as a user runs it: a real process, real files.
 * Bad input gets a message that says what was expected, a non-zero exit
 * code, and leaves every file as it was.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { daybook, EXAMPLE, fingerprint, ROOT, SAMPLE, tempDir, tempFile } from './helpers.js';

describe('daybook stats and check on good journals', () => {
  test('stats on the example journal prints the counts, and --json the same as data', () => {
    const human = daybook(['stats', 'examples/journal']);
    assert.equal(human.status, 0);
    assert.match(human.stdout, /^entries\s+33\s+\(2025-09-01 09:05 \.\. 2025-11-05 11:30\)$/m);
    assert.match(human.stdout, /^references\s+28\s+\(27 resolved, 1 dangling, 0 ambiguous, 12 with an item path\)$/m);
    const json = daybook(['stats', 'examples/journal', '--json']);
    assert.equal(json.status, 0);
    const data = JSON.parse(json.stdout);
    assert.equal(data.entries, 33);
    assert.deepEqual(data.todos, { open: 6, done: 3 });
  });

  test('check prints file:line:col: severity code: message and exits 0 when there are only warnings', () => {
    const r = daybook(['check', 'examples/journal']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^examples\/journal\/2025-09\.txt:164:29: warning ref-dangling: no entry "16:05 2025-08-28" in this journal/m);
    assert.match(r.stdout, /^examples\/journal\/2025-10\.txt:59:17: warning task-duration-mismatch: /m);
    assert.match(r.stderr, /33 entries in 3 files: 0 errors, \d+ warnings, \d+ infos/);
  });

  test('check --severity warning hides information; --json gives line, column and code', () => {
    const r = daybook(['check', 'examples/journal', '--severity', 'warning', '--json']);
    assert.equal(r.status, 0);
    const data = JSON.parse(r.stdout);
    assert.ok(data.diagnostics.length > 0);
    assert.ok(data.diagnostics.every((d: { severity: string }) => d.severity !== 'info'));
    const dangling = data.diagnostics.find((d: { code: string }) => d.code === 'ref-dangling');
    assert.deepEqual([dangling.file, dangling.line, dangling.column, dangling.endColumn], ['2025-09.txt', 164, 29, 47], 'the file relative to the journal root');
    assert.equal(data.root, EXAMPLE);
  });

  test('columns count characters, so a finding after Chinese text points at the right place', () => {
    const file = tempFile('zh.txt', '10:00 2013-02-01\n中文\n看看这个 see"9:00 2013-01-01".\n');
    const r = daybook(['check', file, '--json']);
    const d = JSON.parse(r.stdout).diagnostics.find((x: { code: string }) => x.code === 'ref-dangling');
    assert.deepEqual([d.line, d.column], [3, 9]);
  });

  test('check of the sample reports no errors (run in place)', (t) => {
    if (!fs.existsSync(SAMPLE)) {
      if (process.env.CI) assert.fail(`the sample ${SAMPLE} must be present in CI`);
      t.skip('SKIPPED: no ../shared/seeds beside this clone');
      return;
    }
    const before = fingerprint(SAMPLE);
    const r = daybook(['check', SAMPLE, '--severity', 'error']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    assert.equal(fingerprint(SAMPLE), before);
  });

  test('output has no colour codes when it is not a terminal, or with NO_COLOR', () => {
    for (const env of [{}, { NO_COLOR: '1' }] as Record<string, string>[]) {
      const r = daybook(['check', 'examples/journal'], { env });
      assert.ok(!r.stdout.includes('\x1b['));
    }
  });
});

describe('line endings and terminals', () => {
  test('a journal saved with CRLF line ends gives the same counts and findings as with LF', () => {
    const dir = tempDir();
    for (const f of fs.readdirSync(EXAMPLE)) fs.writeFileSync(path.join(dir, f), fs.readFileSync(path.join(EXAMPLE, f), 'utf8').replace(/\n/g, '\r\n'));
    const lf = JSON.parse(daybook(['stats', EXAMPLE, '--json']).stdout);
    const crlf = JSON.parse(daybook(['stats', dir, '--json']).stdout);
    assert.deepEqual({ ...crlf, root: EXAMPLE }, lf, 'the same but the root');
    const codes = (out: string) => JSON.parse(out).diagnostics.map((d: { code: string; line: number; column: number }) => `${d.code}@${d.line}:${d.column}`);
    assert.deepEqual(codes(daybook(['check', dir, '--json']).stdout), codes(daybook(['check', EXAMPLE, '--json']).stdout));
  });

  test('on a terminal the output is coloured, unless NO_COLOR is set', (t) => {
    const script = '/usr/bin/script';
    if (!fs.existsSync(script)) {
      t.skip('SKIPPED: no /usr/bin/script to run daybook on a terminal');
      return;
    }
    const run = (env: string) => spawnSync(script, ['-qec', `${env} ${process.execPath} bin/daybook.js check examples/journal --severity warning`, '/dev/null'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    assert.match(run('DAYBOOK_PAGER='), /\x1b\[33mwarning\x1b\[0m/);
    assert.ok(!run('DAYBOOK_PAGER= NO_COLOR=1').includes('\x1b['));
  });

  test('on a terminal, output longer than the screen goes through the pager; short output does not', (t) => {
    const script = '/usr/bin/script';
    if (!fs.existsSync(script)) {
      t.skip('SKIPPED: no /usr/bin/script to run daybook on a terminal');
      return;
    }
    const run = (rows: number) => spawnSync(script, ['-qec', `stty rows ${rows}; DAYBOOK_PAGER='sed s/^/paged:/' NO_COLOR=1 ${process.execPath} bin/daybook.js stats examples/journal`, '/dev/null'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    const long = run(5).split(/\r?\n/).filter(Boolean);
    assert.ok(long.length >= 10 && long.every((l) => l.startsWith('paged:')), long.join('\n'));
    const short = run(40).split(/\r?\n/).filter(Boolean);
    assert.ok(short.length >= 10 && short.every((l) => !l.startsWith('paged:')), short.join('\n'));
  });
});

describe('finding the journal', () => {
  test('--journal, then DAYBOOK_JOURNAL, then the config file', () => {
    assert.equal(JSON.parse(daybook(['stats', '--json', '--journal', 'examples/journal/2025-11.txt']).stdout).entries, 4);
    assert.equal(JSON.parse(daybook(['stats', '--json'], { env: { DAYBOOK_JOURNAL: path.join(EXAMPLE, '2025-10.txt') } }).stdout).entries, 12);
    const home = tempDir();
    fs.mkdirSync(path.join(home, '.config', 'daybook'), { recursive: true });
    fs.writeFileSync(path.join(home, '.config', 'daybook', 'config.json'), JSON.stringify({ journal: EXAMPLE }));
    assert.equal(JSON.parse(daybook(['stats', '--json'], { env: { HOME: home } }).stdout).entries, 33);
    assert.equal(JSON.parse(daybook(['stats', '--json', '--journal', path.join(EXAMPLE, '2025-11.txt')], { env: { HOME: home } }).stdout).entries, 4);
  });

  test('a config file that starts with a UTF-8 byte order mark is read like one without', () => {
    const config = tempFile('config.json', `\uFEFF${JSON.stringify({ journal: EXAMPLE, target: { default: 6 } })}\n`);
    assert.ok(fs.readFileSync(config).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])));
    const r = daybook(['stats', '--json', '--config', config]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).entries, 33);
    // Only a leading mark: one inside the JSON is still an error.
    assert.match(daybook(['stats', '--config', tempFile('config.json', `{"journal": \uFEFF"~/log"}`)]).stderr, /not valid JSON/);
  });

  test('with no journal anywhere, says the three ways to name one (exit 2)', () => {
    const r = daybook(['stats']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /daybook: no journal given/);
    assert.match(r.stderr, /--journal PATH/);
    assert.match(r.stderr, /DAYBOOK_JOURNAL=/);
    assert.match(r.stderr, /config\.json/);
  });

  test('a config file that is not JSON, has an unknown key or a wrong type is refused with an example', () => {
    const cases: [string, RegExp][] = [
      ['{"journal": ', /not valid JSON/],
      ['["x"]', /must hold a JSON object/],
      ['{"jornal": "~/log"}', /unknown key "jornal".*\n.*"journal"/],
      ['{"journal": 3}', /"journal" .* must be a non-empty string, not 3\n.*for example: \{"journal": "~\/log\/2013.txt"\}/],
      // Names of Object's own members are unknown keys like any other, not a TypeError.
      ['{"constructor": 1}', /unknown key "constructor".*\n.*"journal"/],
      ['{"toString": "x"}', /unknown key "toString"/],
      ['{"__proto__": {"journal": "~/log"}}', /unknown key "__proto__"/],
      ['{"hasOwnProperty": null, "journal": "~/log"}', /unknown key "hasOwnProperty"/],
      ['{"target": {"constructor": 6}}', /"target" .* must be weekdays named default, mon.*not "constructor"/],
      ['{"target": {"__proto__": 6}}', /not "__proto__"/],
      ['{"redact": ["mail"]}', /"redact" .* must be an object with "mail".*\n.*for example: \{"redact": \{"names"/],
      ['{"redact": {"patterns": ["(unclosed"]}}', /"redact" .* must be regular expressions in "patterns"; "\(unclosed" is not one/],
      ['{"language": "fr"}', /"language" .* must be "en" \(English labels\) or "zh"/],
    ];
    for (const [content, expected] of cases) {
      const config = tempFile('config.json', content);
      const before = fingerprint(config);
      const r = daybook(['stats', '--config', config]);
      assert.equal(r.status, 2, content);
      assert.match(r.stderr, expected);
      assert.equal(fingerprint(config), before);
    }
    for (const r of cases.map(([content]) => daybook(['stats', '--config', tempFile('config.json', content)]))) assert.doesNotMatch(r.stderr, /TypeError|\n\s+at /);
    const missing = daybook(['stats', '--config', '/nonexistent/daybook.json']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read the config file .*no such file/);
  });
});

describe('bad input', () => {
  test('a path that does not exist: a message naming it and what was expected, exit 2', () => {
    for (const cmd of ['check', 'stats']) {
      const r = daybook([cmd, 'no/such/journal.txt']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /no\/such\/journal\.txt: no such file or directory\n {2}expected a journal file \(e\.g\. ~\/log\/2013\.txt\)/);
    }
  });

  test('a directory with no journal files: says which endings it looked for, exit 2', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.md'), '# not a journal\n');
    const r = daybook(['check', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no journal files in this directory\n {2}expected files ending in \.txt or \.journal/);
  });

  test('an empty file: a warning that says how an entry starts, exit 0, zero counts', () => {
    const file = tempFile('empty.txt', '');
    const r = daybook(['check', file]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /warning journal-empty: no entries: an entry starts with a header line like "10:25 2013-02-04"/);
    assert.equal(JSON.parse(daybook(['stats', file, '--json']).stdout).entries, 0);
  });

  test('a binary file: an error naming the NUL byte, exit 1, nothing parsed, file untouched', () => {
    const file = tempFile('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]));
    const before = fingerprint(file);
    const r = daybook(['check', file]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /error file-binary: this is a binary file \(a NUL byte at byte 8\), not a journal/);
    assert.equal(JSON.parse(daybook(['stats', file, '--json']).stdout).entries, 0);
    assert.equal(fingerprint(file), before);
  });

  test('bytes that are not UTF-8: the rest is read, the bad bytes are pinned to their line, exit 1, file untouched', () => {
    const bytes = Buffer.concat([Buffer.from('10:00 2013-02-01\nwork\n1, fine\n2, bad '), Buffer.from([0xff, 0xfe]), Buffer.from(' here\n\n11:00 2013-02-01\nnext, 中文\n')]);
    const file = tempFile('latin.txt', bytes);
    const before = fingerprint(file);
    const r = daybook(['check', file]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /latin\.txt:4:8: error encoding-invalid: 2 bytes that are not UTF-8 \(0xFF 0xFE\) at byte 37; daybook reads around them and keeps them byte for byte when it writes elsewhere in this file, but will not change the entry that holds them \(save the file as UTF-8 to fix\)/);
    assert.equal(JSON.parse(daybook(['stats', file, '--json']).stdout).entries, 2);
    assert.equal(fingerprint(file), before);
    // What the finding says is what a write does: an append keeps the bytes, a change inside their entry is refused.
    const added = daybook(['new', '--journal', file, '--topics', 'more', '-m', '1, appended'], { env: { DAYBOOK_NOW: '2013-02-01 12:00' } });
    assert.equal(added.status, 0, added.stderr);
    const after = fs.readFileSync(file);
    assert.ok(after.subarray(0, bytes.length).equals(bytes), 'the bad bytes and all before them kept');
    assert.equal(after.subarray(bytes.length).toString('utf8'), '\n12:00 2013-02-01\nmore\n1, appended\n');
    const inside = tempFile('latin-todo.txt', Buffer.concat([Buffer.from('10:00 2013-02-01\nwork\n1, \\TODO bad '), Buffer.from([0xff]), Buffer.from(' here\n')]));
    const kept = fingerprint(inside);
    const refused = daybook(['todo', 'done', '20130201-1000.1', '--journal', inside]);
    assert.equal(refused.status, 3, refused.stderr);
    assert.match(refused.stderr, /holds bytes that are not UTF-8, and a change inside it could not keep them exactly/);
    assert.equal(fingerprint(inside), kept);
  });

  test('an impossible moment is an error with an example of a real one, exit 1', () => {
    const file = tempFile('bad.txt', '25:61 2013-02-30\nwork\n');
    const r = daybook(['check', file]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /bad\.txt:1:1: error moment-invalid: header "25:61 2013-02-30" is not a real moment; expected hours 0-23, minutes 0-59 and a real date, like "9:07 2013-02-22"/);
  });

  test('unknown commands, unknown flags and bad flag values are usage errors, exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"\n {2}commands: check, stats/],
      [['check', '--colour'], /check: unknown flag '--colour'\n {2}see "daybook help check"/],
      [['check', 'examples/journal', '--severity', 'loud'], /--severity must be info, warning or error, not "loud"/],
      [['stats', '--journal'], /stats: Option '--journal <value>' argument missing/],
      [['help', 'nope'], /help: no command "nope"/],
    ];
    for (const [args, expected] of cases) {
      const r = daybook(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, expected);
    }
  });

  test('output piped into a reader that stops early (| head) ends quietly', () => {
    // More findings than a pipe holds, so the writer is still writing when head stops reading.
    const lines = Array.from({ length: 3000 }, (_, i) => `${i + 1}, see"9:00 2001-01-01" and "9:01 2001-01-01".`);
    const file = tempFile('many.txt', `10:00 2013-02-01\nwork\n${lines.join('\n')}\n`);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/daybook.js check "${file}" | head -1`], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
    assert.ok(!r.stderr.includes('EPIPE'), r.stderr);
  });

  test('output to a file, to /dev/null, and to a pipe another program left non-blocking arrives whole, in order', () => {
    // More than a pipe holds (64 KB): the writer meets a full pipe while the reader sleeps.
    const lines = Array.from({ length: 3000 }, (_, i) => `${i + 1}, see"9:00 2001-01-01" and "9:01 2001-01-01".`);
    const file = tempFile('many.txt', `10:00 2013-02-01\nwork\n${lines.join('\n')}\n`);
    const whole = daybook(['check', file]).stdout;
    assert.ok(whole.length > 100_000, `${whole.length} bytes`);
    const out = path.join(tempDir(), 'out.txt');
    const sh = (script: string) => spawnSync('sh', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, maxBuffer: 1 << 26 });
    const toFile = sh(`"${process.execPath}" bin/daybook.js check "${file}" > "${out}"`);
    assert.equal(toFile.status, 0, toFile.stderr);
    assert.equal(fs.readFileSync(out, 'utf8'), whole);
    assert.equal(sh(`"${process.execPath}" bin/daybook.js check "${file}" > /dev/null`).status, 0);
    // O_NONBLOCK set on the pipe before daybook starts (perl is in every Debian): writes meet EAGAIN until the reader wakes.
    const perl = `use Fcntl; fcntl(STDOUT, F_SETFL, fcntl(STDOUT, F_GETFL, 0) | O_NONBLOCK) or die; exec @ARGV`;
    const slow = sh(`perl -e '${perl}' "${process.execPath}" bin/daybook.js check "${file}" | (sleep 1; cat)`);
    assert.equal(slow.stdout, whole, slow.stderr);
  });

  test('help lists the commands; each command has --help', () => {
    assert.match(daybook(['help']).stdout, /check \[PATH\.\.\.\]/);
    assert.match(daybook(['check', '--help']).stdout, /Exit status: 0 when there is no error/);
    assert.match(daybook(['stats', '--help']).stdout, /--json/);
    assert.match(daybook(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('the bundle and its code cache', () => {
  test("V8's compiled code is kept in the cache home and used; a damaged cache is refused and made again; a failed command keeps none", (t) => {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'bundle', 'main.cjs'))) {
      t.skip('SKIPPED: no bundle (npm run build makes it)');
      return;
    }
    const home = tempDir();
    const env = { HOME: home, XDG_CACHE_HOME: path.join(home, 'c') };
    const dir = path.join(home, 'c', 'daybook');
    const caches = () => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^cli-.*\.v8$/.test(f)) : []);
    const failed = daybook(['show', '9:99 2099-1-1', '--journal', EXAMPLE], { env });
    assert.notEqual(failed.status, 0);
    assert.deepEqual(caches(), [], 'a failed command keeps no cache');
    const first = daybook(['search', 'checkpoint', '--journal', EXAMPLE], { env });
    assert.equal(first.status, 0, first.stderr);
    const [cache] = caches();
    assert.ok(cache, 'a cache is kept after a run');
    const file = path.join(dir, cache);
    const made = fs.statSync(file).mtimeMs;
    assert.ok(fs.statSync(file).size > 10_000);
    // Used as it is: a cache V8 refused would be written again.
    const second = daybook(['search', 'checkpoint', '--journal', EXAMPLE], { env });
    assert.equal(second.stdout, first.stdout);
    assert.equal(fs.statSync(file).mtimeMs, made, 'the cache was taken (not refused and made again)');
    // Damaged: refused, the run is the same, and the cache is made again.
    fs.writeFileSync(file, 'not a code cache');
    const third = daybook(['search', 'checkpoint', '--journal', EXAMPLE], { env });
    assert.equal(third.stdout, first.stdout);
    assert.ok(fs.statSync(file).size > 10_000, 'made again');
    assert.deepEqual(caches(), [cache]);
    // Another command keeps a cache of its own (a search's holds little of what hours compiles); a flag's value before the command is not taken for it.
    const hours = daybook(['--journal', EXAMPLE, 'hours', '--week', '2025-09-01'], { env });
    assert.equal(hours.status, 0, hours.stderr);
    assert.deepEqual(caches().sort(), [cache, cache.replace(/-search\.v8$/, '-hours.v8')].sort());
    // A cache of an older build is taken out when a new one is kept.
    const old = path.join(dir, 'cli-v0.0.0-1-1-search.v8');
    fs.writeFileSync(old, 'an older build');
    fs.rmSync(path.join(dir, cache));
    assert.equal(daybook(['search', 'checkpoint', '--journal', EXAMPLE], { env }).status, 0);
    assert.ok(!fs.existsSync(old));
    assert.equal(caches().length, 2);
  });

  test("a search whose index is ready loads no crypto (5 ms of a start): the journal's stat says its texts are those indexed; a file changed since is still hashed", () => {
    const home = tempDir();
    const journal = path.join(home, 'j.txt');
    fs.copyFileSync(path.join(EXAMPLE, '2025-11.txt'), journal);
    const index = path.join(home, 'idx.sqlite');
    // Says at exit whether Node's crypto module was loaded.
    const probe = path.join(home, 'probe.cjs');
    fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write(process.moduleLoadList.includes('NativeModule crypto') ? 'crypto loaded\\n' : 'no crypto\\n'));\n");
    const run = () => daybook(['search', 'checkpoint', '--journal', journal, '--index', index], { env: { HOME: home, NODE_OPTIONS: `--require ${probe}` } });
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /crypto loaded/, 'the first run indexes (and hashes) the journal');
    const ready = run();
    assert.equal(ready.stdout, first.stdout);
    assert.match(ready.stderr, /no crypto/);
    // Appended to: the index takes the new entry in, hashing what it reads.
    fs.appendFileSync(journal, '\n23:59 2099-12-31\nprobe\n1, a checkpoint appended.\n');
    const grown = run();
    assert.match(grown.stdout, /a checkpoint appended/);
    assert.match(grown.stderr, /crypto loaded/);
    // The default index (named after the journal's paths) too.
    const byDefault = () => daybook(['search', 'checkpoint', '--journal', journal], { env: { HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), NODE_OPTIONS: `--require ${probe}` } });
    assert.equal(byDefault().status, 0);
    const again = byDefault();
    assert.equal(again.stdout, grown.stdout);
    assert.match(again.stderr, /no crypto/);
  });
});
