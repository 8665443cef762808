/**
 * Issue 20: shell completion in the real shells, through their completion
 * hooks (bash's `complete -F` function with COMP_WORDS, fish's `complete
 * --do-complete`, zsh's parser on its script); the man pages rendered by
 * `man -l` without a groff warning; `last`, `today` and `edit` (in a real
 * Neovim, at the line).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { daybook, EXAMPLE, haveTool, ROOT, tempDir } from './helpers.js';

/** A directory with `daybook` on it (a link to bin/daybook.js), an index of the example journal built, and an environment naming both. */
function setup(): { env: Record<string, string>; bin: string } {
  const home = tempDir();
  const bin = path.join(home, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(path.join(ROOT, 'bin', 'daybook.js'), path.join(bin, 'daybook'));
  const env = { HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), XDG_CONFIG_HOME: path.join(home, 'config'), DAYBOOK_JOURNAL: EXAMPLE, PATH: `${bin}:${process.env.PATH ?? ''}` };
  const built = daybook(['index'], { env });
  assert.equal(built.status, 0, built.stderr);
  return { env, bin };
}

describe('completion in bash', () => {
  /** What bash's completion function offers for a line typed up to its end. */
  function bash(t: TestContext, env: Record<string, string>, lines: string[]): string[][] {
    const script = daybook(['completion', 'bash'], { env }).stdout;
    const file = path.join(env.HOME!, 'daybook.bash');
    fs.writeFileSync(file, script);
    // The hook as bash calls it: COMP_LINE, COMP_POINT, and the words split as readline splits them.
    const driver = `source ${JSON.stringify(file)}
complete -p daybook
for line in "$@"; do
  COMP_LINE="$line"; COMP_POINT=\${#line}
  COMP_WORDS=(); while read -r w; do COMP_WORDS+=("$w"); done < <(printf '%s\\n' $line)
  [[ "$line" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  _daybook
  printf '%s\\x1f' "\${COMPREPLY[@]}"; printf '\\n'
done`;
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', driver, 'bash', ...lines], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [registered, ...rest] = r.stdout.split('\n');
    assert.equal(registered, 'complete -F _daybook daybook');
    void t;
    return rest.slice(0, lines.length).map((l) => l.split('\x1f').filter(Boolean));
  }

  test('a command, a flag, a thread name, a topic, a moment, a gtd action, a date word', (t) => {
    const { env } = setup();
    const [cmd, flag, thread, threads, topic, moments, action, date, global] = bash(t, env, [
      'daybook sea',
      'daybook search --th',
      'daybook thread fsync',
      'daybook search --thread stor',
      'daybook todo --topic stor',
      'daybook show ',
      'daybook gtd pa',
      'daybook hours --week last',
      'daybook --journal x hou',
    ]);
    assert.deepEqual(cmd, ['search']);
    assert.deepEqual(flag, ['--thread']);
    assert.deepEqual(thread, ['fsync\\ latency', 'fsync\\ latency\\ /\\ O_DIRECT\\ patch']);
    assert.ok(threads!.includes('storage,\\ tidepool,\\ wal,\\ fsync\\ latency'), threads!.join(' '));
    assert.deepEqual(topic, ['storage']);
    assert.equal(moments![0], '2025-11-05T11:30', 'the newest entry first, in a form show takes');
    assert.equal(moments!.length, 20);
    assert.deepEqual(action, ['pause']);
    assert.deepEqual(date, ['last\\ week', 'last\\ month', 'last\\ monday', 'last\\ friday']);
    assert.deepEqual(global, ['hours']);
    // A path after --journal, before the command: the shell's file names.
    const files = daybook(['completion', '--line=daybook --journal ', '--word='], { env });
    assert.equal(files.stdout, '__daybook_files__\n');
    // What completion offered is what the command takes.
    const shown = daybook(['show', moments![0]!], { env });
    assert.equal(shown.status, 0, shown.stderr);
    const named = daybook(['thread', 'fsync latency'], { env });
    assert.equal(named.status, 0, named.stderr);
  });

  test('without an index, names are not offered and none is built; commands still are', (t) => {
    const home = tempDir();
    const bin = path.join(home, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(path.join(ROOT, 'bin', 'daybook.js'), path.join(bin, 'daybook'));
    const env = { HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), DAYBOOK_JOURNAL: EXAMPLE, PATH: `${bin}:${process.env.PATH ?? ''}` };
    const [thread, cmd] = bash(t, env, ['daybook thread fs', 'daybook th']);
    assert.deepEqual(thread, []);
    assert.deepEqual(cmd, ['thread']);
    // (The cache may hold the command line's compiled code, bin/daybook.js's, but no index.)
    const cached = fs.existsSync(path.join(home, 'cache')) ? fs.readdirSync(path.join(home, 'cache'), { recursive: true }).map(String) : [];
    assert.deepEqual(cached.filter((f) => f.includes('sqlite')), [], 'a TAB builds no index');
  });
});

describe('completion in fish and zsh', () => {
  test('fish: complete --do-complete gives a command, a flag and a thread name', (t) => {
    if (!haveTool(t, 'fish', ['--version'], 'fish')) return;
    const { env } = setup();
    const dir = path.join(env.XDG_CONFIG_HOME!, 'fish', 'completions');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'daybook.fish'), daybook(['completion', 'fish'], { env }).stdout);
    const ask = (line: string) => {
      const r = spawnSync('fish', ['--no-config', '-c', `source ${path.join(dir, 'daybook.fish')}; complete --do-complete ${JSON.stringify(line)}`], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
    };
    assert.deepEqual(ask('daybook sea'), ['search']);
    assert.deepEqual(ask('daybook search --th'), ['--thread']);
    assert.deepEqual(ask('daybook thread fsync'), ['fsync latency', 'fsync latency / O_DIRECT patch']);
  });

  test('zsh: in an interactive zsh (a pty), TAB completes a thread name and a gtd action, and the lines run', (t) => {
    if (!haveTool(t, 'zsh', ['--version'], 'zsh')) return;
    const { env } = setup();
    const fpath = path.join(env.HOME!, 'zsh');
    fs.mkdirSync(fpath);
    fs.writeFileSync(path.join(fpath, '_daybook'), daybook(['completion', 'zsh'], { env }).stdout);
    assert.equal(spawnSync('zsh', ['-n', path.join(fpath, '_daybook')]).status, 0, 'the script parses');
    // zle reads keys in order and a completion widget runs to its end before the next key: TAB then Enter
    // needs no pause. Each read waits for the answer the completed line prints (the outer timeout ends a hang).
    const driver = `zmodload zsh/zpty
zpty z 'TERM=dumb zsh -f -i'
zpty -w z 'PS1=""; fpath=(${fpath} $fpath); autoload -Uz compinit; compinit -u -D'
zpty -w -n z $'daybook thread O_DI\\t\\r'
zpty -r z out '*next: cont4*'
print -r -- "$out"
zpty -w -n z $'daybook gtd stat\\t\\r'
zpty -r z out '*no GTD entry today*'
print -r -- "$out"
zpty -d z`;
    const r = spawnSync('zsh', ['-f', '-c', driver], { env: { ...env, NO_COLOR: '1', DAYBOOK_PAGER: '', DAYBOOK_NOW: '2025-12-24 10:00' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout.replace(/\r/g, '');
    assert.match(out, /daybook thread O_DIRECT\\ patch/, 'the name was completed on the line');
    assert.match(out, /storage, tidepool, wal, fsync latency \/ O_DIRECT patch {2}\(inside cont3 of "storage, tidepool, wal, fsync latency"\)/, 'and the command ran with it');
    assert.match(out, /daybook gtd status/);
    assert.match(out, /2025-12-24: no GTD entry today/);
  });

  test('a shell daybook has no script for is refused with the ones it has', () => {
    const r = daybook(['completion', 'tcsh']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /completion: no completion for "tcsh"\n {2}expected bash, zsh or fish, e\.g\. daybook completion bash/);
  });
});

describe('man pages', () => {
  test('one per command, made from the help each prints, rendered by man -l without a groff warning', (t) => {
    if (!haveTool(t, 'man', ['--version'], 'man-db')) return;
    const dir = path.join(ROOT, 'dist', 'man');
    const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.1')).sort();
    const help = daybook(['help']).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    assert.deepEqual(pages, ['daybook.1', ...commands.map((c) => `daybook-${c}.1`)].sort());
    for (const page of pages) {
      const r = spawnSync('man', ['--warnings', '-E', 'UTF-8', '-l', path.join(dir, page)], { env: { ...process.env, MANWIDTH: '100', MANPAGER: 'cat', PAGER: 'cat' }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '', `${page}: ${r.stderr}`);
      if (page === 'daybook-search.1') {
        // The page says what "daybook help search" says, line for line.
        const text = daybook(['help', 'search']).stdout;
        for (const line of text.split('\n').filter((l) => l.trim() !== '').slice(0, 12)) assert.ok(r.stdout.replace(/\u2010/g, '-').includes(line.trim()), `${page} lacks: ${line}`);
      }
    }
    // The check can fail: a page with an unknown macro is warned about.
    const bad = path.join(tempDir(), 'bad.1');
    fs.writeFileSync(bad, '.TH BAD 1\n.SH NAME\nbad \\- a page\n.XQ nothing\n');
    const warned = spawnSync('man', ['--warnings', '-l', bad], { env: { ...process.env, MANPAGER: 'cat' }, encoding: 'utf8' });
    assert.match(warned.stderr, /warning: macro 'XQ' not defined/);
  });
});

describe('last, today, edit', () => {
  test('last N lists the newest entries, newest first; bad counts are refused', () => {
    const r = daybook(['last', '3', '--json', '--journal', EXAMPLE]);
    assert.equal(r.status, 0, r.stderr);
    const rows = (JSON.parse(r.stdout) as { entries: { moment: string; file: string; line: number }[] }).entries;
    assert.deepEqual(rows.map((e) => e.moment), ['2025-11-05T11:30', '2025-11-04T10:40', '2025-11-03T14:02']);
    const text = daybook(['last', '1', '--journal', EXAMPLE]).stdout;
    assert.match(text, /^11:30 2025-11-05 {2}.+ {2}.*2025-11\.txt:\d+\n$/);
    const dash = daybook(['last', '-3', '--journal', EXAMPLE]);
    assert.equal(dash.status, 2);
    assert.match(dash.stderr, /last: unknown flag '-3'\n {2}see "daybook help last"/);
    for (const bad of ['0', 'three', '100001', '1e3']) {
      const b = daybook(['last', bad, '--journal', EXAMPLE]);
      assert.equal(b.status, 2, bad);
      assert.match(b.stderr, /last: ".*" is not a number of entries\n {2}expected a whole number from 1 to 100000, e\.g\. daybook last 5/);
    }
  });

  test('today lists the clock day\'s entries; a day without any exits 1', () => {
    const r = daybook(['today', '--journal', EXAMPLE], { env: { DAYBOOK_NOW: '2025-10-06 20:00' } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => l.split('  ')[0]!.trim()), ['9:30 2025-10-06', '9:48 2025-10-06', '10:20 2025-10-06']);
    const none = daybook(['today', '--journal', EXAMPLE], { env: { DAYBOOK_NOW: '2025-12-24 20:00' } });
    assert.equal(none.status, 1);
    assert.equal(none.stderr, 'no entry on 2025-12-24\n');
  });

  test('edit opens the editor at the item\'s line (+LINE), in a real Neovim', (t) => {
    if (!haveTool(t, 'nvim', ['--version'], 'neovim')) return;
    const out = path.join(tempDir(), 'where');
    const shown = JSON.parse(daybook(['show', '"15:02 2025-09-03"2.1', '--json', '--journal', EXAMPLE]).stdout) as { root: string; file: string; line: number };
    // Neovim as an editor is run: daybook's "+LINE FILE" first, then commands that write down where the cursor is.
    const editor = path.join(tempDir(), 'nvim-where');
    fs.writeFileSync(editor, `#!/bin/sh\nexec nvim --headless --clean "$@" -c 'call writefile([expand("%:t") . ":" . line("."), getline(".")], "${out}")' -c 'qa!' </dev/null\n`, { mode: 0o755 });
    const r = daybook(['edit', '"15:02 2025-09-03"2.1', '--journal', EXAMPLE], { env: { EDITOR: editor } });
    assert.equal(r.status, 0, r.stderr);
    const [where, line] = fs.readFileSync(out, 'utf8').split('\n');
    assert.equal(where, `${path.basename(shown.file)}:${shown.line}`);
    assert.match(line!, /^1\), the buffer is not aligned to 4096/);
  });

  test('edit without an editor, or with one that fails, says so and exits non-zero', () => {
    const none = daybook(['edit', '2025-09-03T15:02', '--journal', EXAMPLE]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /edit: no editor to open\n {2}set VISUAL or EDITOR \(e\.g\. EDITOR=vim\); the place is .*2025-09\.txt:\d+/);
    const failing = daybook(['edit', '2025-09-03T15:02', '--journal', EXAMPLE], { env: { EDITOR: 'false' } });
    assert.equal(failing.status, 1);
    assert.match(failing.stderr, /edit: the editor "false" failed \(exit code 1\)/);
    const bad = daybook(['edit', 'yesterday', '--journal', EXAMPLE], { env: { EDITOR: 'false' } });
    assert.equal(bad.status, 2);
  });
});
