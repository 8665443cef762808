/**
 * Real editors with the README's setups, run as written: Debian's Neovim
 * (0.7) with the README's Lua snippet on two files of one journal starts
 * one server (its processes counted), renames a header moment and asks
 * for inlay hints; Debian's Emacs 28 with elpa-eglot and the README's Lisp
 * jumps to a definition.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { EXAMPLE, haveTool, ROOT, tempDir } from './helpers.js';

/** The code block of a language that follows a line of the README. */
function readmeBlock(after: string, lang: string): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(after);
  assert.ok(at >= 0, `the README has "${after}"`);
  const open = readme.indexOf('```' + lang + '\n', at);
  const close = readme.indexOf('\n```', open + 4);
  return readme.slice(open + 4 + lang.length, close + 1);
}

/** A journal under a `log` directory (the example's files), and a `daybook` on PATH, as a user installs it. */
function setup(): { dir: string; log: string; env: Record<string, string> } {
  const dir = tempDir();
  const log = path.join(dir, 'log');
  fs.mkdirSync(log);
  for (const f of fs.readdirSync(EXAMPLE)) fs.copyFileSync(path.join(EXAMPLE, f), path.join(log, f));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'daybook'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'bin', 'daybook.js'))} "$@"\n`, { mode: 0o755 });
  return { dir, log, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir } };
}

/** The processes whose parent is `pid` and whose command line holds all of `words`. */
function children(pid: number, words: string[]): number[] {
  return fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((p) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      return ppid === pid && words.every((w) => cmd.includes(w)) ? [Number(p)] : [];
    } catch {
      return [];
    }
  });
}

const lua = (s: string) => JSON.stringify(s);

describe('Neovim with the README\'s snippet', () => {
  test('two files of one journal: one server process, both buffers attached to it', async (t) => {
    if (!haveTool(t, 'nvim', ['--version'], 'neovim')) return;
    const { dir, log, env } = setup();
    const ready = path.join(dir, 'ready');
    const done = path.join(dir, 'done');
    const out = path.join(dir, 'result.txt');
    const init = path.join(dir, 'init.lua');
    fs.writeFileSync(
      init,
      `${readmeBlock('Neovim (0.7 or later), in `init.lua`', 'lua')}
-- Buffers left stay loaded (the default from Neovim 0.9; 0.7 unloads them).
vim.o.hidden = true
vim.cmd('edit ' .. ${lua(path.join(log, '2025-09.txt'))})
vim.cmd('edit ' .. ${lua(path.join(log, '2025-10.txt'))})
vim.cmd('edit ' .. ${lua(path.join(log, '2025-11.txt'))})
local function attached()
  local n = 0
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    -- buf_get_clients is keyed by client id: count its entries, not its length.
    for _ in pairs(vim.lsp.buf_get_clients(b)) do n = n + 1 end
  end
  return n
end
vim.wait(20000, function() return attached() == 3 end, 50)
local f = io.open(${lua(ready)}, 'w') f:write('ready') f:close()
vim.wait(30000, function() return vim.fn.filereadable(${lua(done)}) == 1 end, 50)
local ids = {}
for _, c in pairs(vim.lsp.get_active_clients()) do table.insert(ids, c.name .. ' ' .. c.config.root_dir) end
local r = io.open(${lua(out)}, 'w')
r:write(attached() .. '\\n' .. table.concat(ids, '\\n'))
r:close()
vim.cmd('qa!')
`,
    );
    const nvim = spawn('nvim', ['--headless', '--clean', '-u', init], { env, stdio: 'ignore' });
    const exited = new Promise((r) => nvim.on('exit', r));
    try {
      while (!fs.existsSync(ready)) {
        assert.equal(nvim.exitCode, null, 'neovim is still running');
        await new Promise((r) => setTimeout(r, 50));
      }
      const servers = children(nvim.pid!, ['lsp', '--stdio']);
      fs.writeFileSync(done, '');
      await exited;
      const [buffers, ...clients] = fs.readFileSync(out, 'utf8').split('\n');
      assert.equal(buffers, '3', 'the three buffers are attached');
      assert.deepEqual(clients, [`daybook ${log}`], 'one client, rooted at the journal');
      assert.equal(servers.length, 1, `one server process: ${servers.join(', ')}`);
    } finally {
      nvim.kill();
    }
  });

  test('rename a header moment (both files written back) and inlay hints through a raw request', (t) => {
    if (!haveTool(t, 'nvim', ['--version'], 'neovim')) return;
    const { dir, log, env } = setup();
    const sep = path.join(log, '2025-09.txt');
    const oct = path.join(log, '2025-10.txt');
    const out = path.join(dir, 'hints.txt');
    const init = path.join(dir, 'init.lua');
    const line = fs.readFileSync(sep, 'utf8').split('\n').indexOf('15:02 2025-09-03') + 1;
    fs.writeFileSync(
      init,
      `${readmeBlock('Neovim (0.7 or later), in `init.lua`', 'lua')}
vim.cmd('edit ' .. ${lua(sep)})
vim.wait(20000, function() local c = next(vim.lsp.buf_get_clients(0)) and vim.lsp.get_active_clients()[1]; return c ~= nil and c.initialized end, 50)
local params = { textDocument = vim.lsp.util.make_text_document_params(), range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(0), character = 0 } } }
local answers = vim.lsp.buf_request_sync(0, 'textDocument/inlayHint', params, 10000)
local labels = {}
for _, a in pairs(answers or {}) do for _, h in ipairs(a.result or {}) do table.insert(labels, (h.position.line + 1) .. ' ' .. h.label) end end
local f = io.open(${lua(out)}, 'w') f:write(table.concat(labels, '\\n')) f:close()
vim.api.nvim_win_set_cursor(0, { ${line}, 2 })
vim.lsp.buf.rename('15:20 2025-09-03')
vim.wait(10000, function() return vim.api.nvim_buf_get_lines(0, ${line - 1}, ${line}, false)[1] == '15:20 2025-09-03' end, 50)
vim.wait(5000, function() return vim.fn.bufloaded(${lua(oct)}) == 1 end, 50)
vim.cmd('silent! wall')
vim.cmd('qa!')
`,
    );
    const r = spawnSync('nvim', ['--headless', '--clean', '-u', init], { encoding: 'utf8', timeout: 90_000, env });
    assert.ok(fs.existsSync(out), `neovim wrote no hints: ${r.stderr}`);
    const hints = fs.readFileSync(out, 'utf8').split('\n');
    const example = fs.readFileSync(path.join(EXAMPLE, '2025-09.txt'), 'utf8').split('\n');
    const danglingLine = example.findIndex((l) => l.includes('see"16:05 2025-08-28"')) + 1;
    assert.ok(hints.includes(`${danglingLine} dangling`), hints.join('\n'));
    assert.ok(hints.length >= 10);
    // The header and every reference, in both files, renamed and saved.
    const count = (f: string, re: RegExp) => (fs.readFileSync(f, 'utf8').match(re) ?? []).length;
    const all = (re: RegExp) => fs.readdirSync(EXAMPLE).map((f) => (fs.readFileSync(path.join(EXAMPLE, f), 'utf8').match(re) ?? []).length);
    assert.equal(fs.readFileSync(sep, 'utf8').split('\n')[line - 1], '15:20 2025-09-03');
    assert.equal(count(sep, /"15:20 2025-09-03"/g), all(/"15:02 2025-09-03"/g)[0]);
    assert.equal(count(oct, /"15:20 2025-09-03"/g), all(/"15:02 2025-09-03"/g)[1]);
    assert.ok(count(oct, /"15:20 2025-09-03"/g) > 0);
    assert.equal(count(sep, /15:02 2025-09-03/g) + count(oct, /15:02 2025-09-03/g), 0);
  });
});

describe('Emacs 28 with eglot (Debian elpa-eglot) and the README\'s setup', () => {
  test('jumps from a reference to the item it names', (t) => {
    if (!haveTool(t, 'emacs', ['--version'], 'emacs-nox')) return;
    if (!fs.readdirSync('/usr/share/emacs/site-lisp/elpa').some((d) => d.startsWith('eglot-')) && spawnSync('emacs', ['--batch', '--eval', '(unless (locate-library "eglot") (kill-emacs 1))']).status !== 0) {
      if (process.env.CI) throw new Error('eglot is not installed; .ci/run installs Debian\'s elpa-eglot');
      t.skip('SKIPPED: eglot is not installed (apt-get install elpa-eglot)');
      return;
    }
    const { dir, log, env } = setup();
    const sep = path.join(log, '2025-09.txt');
    const lines = fs.readFileSync(sep, 'utf8').split('\n');
    const refLine = lines.findIndex((l) => l.includes('"10:02 2025-09-01"1.2')) + 1;
    const column = lines[refLine - 1]!.indexOf('"10:02 2025-09-01"1.2') + 3;
    const out = path.join(dir, 'result.txt');
    const init = path.join(dir, 'init.el');
    fs.writeFileSync(
      init,
      `${readmeBlock('Emacs with eglot', 'elisp')}
(find-file ${lua(sep)})
(unless (eq major-mode 'daybook-mode) (error "not in daybook-mode: %s" major-mode))
;; eglot-ensure connects after the command that opened the file, as the command loop runs it.
(run-hooks 'post-command-hook)
(with-timeout (30 (error "eglot did not connect"))
  (while (not (eglot-current-server)) (accept-process-output nil 0.1)))
(goto-char (point-min))
(forward-line ${refLine - 1})
(forward-char ${column})
(xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend)))
(with-timeout (30 (error "no jump"))
  (while (= (line-number-at-pos) ${refLine}) (accept-process-output nil 0.1)))
(with-temp-file ${lua(out)}
  (insert (format "%d\\n%s\\n%s" (with-current-buffer (window-buffer) (line-number-at-pos)) (with-current-buffer (window-buffer) (buffer-substring (line-beginning-position) (line-end-position))) major-mode)))
(kill-emacs 0)
`,
    );
    // -q: no user init file, but Debian's site start, which puts elpa-eglot on the load path as for every user.
    const r = spawnSync('emacs', ['--batch', '-q', '-l', init], { encoding: 'utf8', timeout: 90_000, env: { ...env, DAYBOOK_JOURNAL: log } });
    assert.ok(fs.existsSync(out), `emacs wrote no result (exit ${r.status}): ${r.stderr.slice(-2000)}`);
    const [line, text] = fs.readFileSync(out, 'utf8').split('\n');
    assert.equal(text, '2), the spikes line up with the checkpoint timer.');
    assert.equal(Number(line), lines.indexOf(text!) + 1);
    // A text file outside the journal is not bound.
    const other = spawnSync('emacs', ['--batch', '-q', '--eval', `(progn ${readmeBlock('Emacs with eglot', 'elisp').replace(/\n/g, ' ')} (find-file ${lua(path.join(dir, 'notes.txt'))}) (princ major-mode))`], { encoding: 'utf8', timeout: 60_000, env });
    assert.equal(other.stdout, 'text-mode', `a text file elsewhere stays in text-mode: ${other.stderr.slice(-500)}`);
  });
});
