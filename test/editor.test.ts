/**
 * The VS Code extension: its TextMate grammar, run by vscode-textmate with
 * the Oniguruma engine VS Code uses, on the example journal; and the .vsix
 * that `npm run build` packages.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';
import { ROOT } from './helpers.js';

const require = createRequire(import.meta.url);
const GRAMMAR = path.join(ROOT, 'editors', 'vscode', 'syntaxes', 'daybook.tmLanguage.json');

async function grammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (scope === 'text.daybook' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
  });
  return (await registry.loadGrammar('text.daybook'))!;
}

/** The innermost daybook scope of each token, by line and text: `get(line, text)`. */
function tokens(g: vsctm.IGrammar, text: string): { get(line: number, piece: string): string | undefined } {
  const out = new Map<string, string>();
  let stack = vsctm.INITIAL;
  text.split('\n').forEach((line, i) => {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const scope = [...t.scopes].reverse().find((s) => s.endsWith('.daybook') && s !== 'text.daybook');
      const piece = line.slice(t.startIndex, t.endIndex);
      if (scope && piece.trim()) out.set(`${i}\u0000${piece}`, scope);
    }
    stack = r.ruleStack;
  });
  return { get: (line, piece) => out.get(`${line}\u0000${piece}`) };
}

describe('the TextMate grammar', () => {
  test('colours headers, stamps, titles, contN, items, references, TODOs, mail headers and GTD times', async () => {
    const g = await grammar();
    const text = [
      '14:20 2025-09-02',
      '(16:45 2025-09-03)',
      'storage, tidepool, wal, fsync latency, cont2',
      '1, reproduce with fio',
      '1), ext4: p99 171ms, see"10:02 2025-09-01"1.2 and "3)".',
      '(1), deeper',
      '\\TODO: ask Marta.',
      '\\DONE: asked.',
      '2, "Marta Kowalski <marta@example.org>"_email_"Priya joins"_20250829_1712',
      '',
      '9:12 2025-9-3',
      'GTD',
      "0, 9:10-12:00 -18:05",
      "1), 9:15-11:50 3h 30' write up. https://example.org/x",
    ].join('\n');
    const t = tokens(g, text);
    assert.equal(t.get(0, '14:20 2025-09-02'), 'markup.heading.header.daybook');
    assert.equal(t.get(1, '(16:45 2025-09-03)'), 'comment.line.stamp.daybook');
    assert.equal(t.get(2, 'storage, tidepool, wal, fsync latency, '), 'entity.name.section.title.daybook');
    assert.equal(t.get(2, 'cont2'), 'keyword.control.thread.daybook');
    assert.equal(t.get(3, '1'), 'markup.list.numbered.level1.daybook');
    assert.equal(t.get(4, '1'), 'markup.list.numbered.level2.daybook');
    assert.equal(t.get(4, '"10:02 2025-09-01"'), 'markup.underline.link.reference.daybook');
    assert.equal(t.get(4, '1.2'), 'markup.underline.link.item.daybook');
    assert.equal(t.get(4, '"3)"'), 'markup.underline.link.item.daybook');
    assert.equal(t.get(5, '1'), 'markup.list.numbered.level3.daybook');
    assert.equal(t.get(6, '\\TODO:'), 'keyword.other.todo.daybook');
    assert.equal(t.get(7, '\\DONE:'), 'keyword.other.done.daybook');
    assert.equal(t.get(8, '"Marta Kowalski <marta@example.org>"'), 'entity.name.tag.sender.daybook');
    assert.equal(t.get(8, '"Priya joins"'), 'string.quoted.subject.daybook');
    assert.equal(t.get(8, '_20250829_1712'), 'constant.numeric.date.daybook');
    assert.equal(t.get(10, '9:12 2025-9-3'), 'markup.heading.header.daybook');
    assert.equal(t.get(11, 'GTD'), 'keyword.other.gtd.daybook');
    assert.equal(t.get(12, '9:10-12:00'), 'constant.numeric.time.daybook');
    assert.equal(t.get(12, '-18:05'), 'constant.numeric.time.daybook');
    assert.equal(t.get(13, '3h'), 'constant.numeric.time.daybook');
    assert.equal(t.get(13, "30'"), 'constant.numeric.time.daybook');
    assert.equal(t.get(13, 'https://example.org/x'), 'markup.underline.link.url.daybook');
  });

  test('the whole example journal tokenizes, every header as a header', async () => {
    const g = await grammar();
    for (const f of fs.readdirSync(path.join(ROOT, 'examples', 'journal'))) {
      const text = fs.readFileSync(path.join(ROOT, 'examples', 'journal', f), 'utf8');
      let stack = vsctm.INITIAL;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const r = g.tokenizeLine(lines[i]!, stack);
        if (/^\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}$/.test(lines[i]!) && (i === 0 || lines[i - 1] === '')) assert.ok(r.tokens[0]!.scopes.includes('markup.heading.header.daybook'), `${f}:${i + 1}`);
        stack = r.ruleStack;
      }
    }
  });
});

/** The names in a zip file, read from its central directory. */
function zipNames(file: string): string[] {
  const buf = fs.readFileSync(file);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'an end of central directory record');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50);
    const n = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + n));
    at += 46 + n + extra + comment;
  }
  return names;
}

describe('the .vsix the build packages', () => {
  test('holds the manifest, the extension, the grammar and the language client with its dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'editors', 'vscode', 'package.json'), 'utf8')) as { name: string; version: string };
    const vsix = path.join(ROOT, 'dist', 'editors', `${pkg.name}-${pkg.version}.vsix`);
    assert.ok(fs.existsSync(vsix), 'npm run build packages it');
    const names = zipNames(vsix);
    for (const n of ['extension.vsixmanifest', '[Content_Types].xml', 'extension/package.json', 'extension/extension.js', 'extension/syntaxes/daybook.tmLanguage.json', 'extension/node_modules/vscode-languageclient/node.js', 'extension/node_modules/vscode-languageclient/package.json', 'extension/node_modules/vscode-jsonrpc/package.json', 'extension/node_modules/semver/package.json']) assert.ok(names.includes(n), n);
    // The client the extension loads resolves inside the package.
    const ext = fs.readFileSync(path.join(ROOT, 'editors', 'vscode', 'extension.js'), 'utf8');
    assert.match(ext, /require\('vscode-languageclient\/node'\)/);
    assert.match(ext, /'lsp', '--stdio'/);
  });
});

describe('the extension claims the journal\'s files as configured, not only .journal', () => {
  const require = createRequire(import.meta.url);
  const ext = require(path.join(ROOT, 'editors', 'vscode', 'extension.js')) as {
    underJournal(file: string, journal: string): boolean;
    journalPath(setting: string, env: Record<string, string>): string;
    documentSelector(journal: string, patterns: string[]): { language?: string; scheme?: string; pattern?: string }[];
  };
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'editors', 'vscode', 'package.json'), 'utf8')) as { activationEvents: string[]; contributes: { configuration: { properties: Record<string, { default: unknown }> }; commands: { command: string }[] } };

  test('it activates on plain text and on workspaces that hold a journal', () => {
    for (const e of ['onLanguage:daybook', 'onLanguage:plaintext', 'workspaceContains:**/log/**/*.txt']) assert.ok(pkg.activationEvents.includes(e), e);
    assert.deepEqual(pkg.contributes.configuration.properties['daybook.files']!.default, ['**/log/**/*.txt']);
  });

  test('files under daybook.journal (or DAYBOOK_JOURNAL) are the journal\'s; others are not', () => {
    assert.equal(ext.journalPath('', { DAYBOOK_JOURNAL: '~/log', HOME: '/home/ada' }), '/home/ada/log');
    assert.equal(ext.journalPath('/srv/notes', { DAYBOOK_JOURNAL: '~/log', HOME: '/home/ada' }), '/srv/notes', 'the setting first');
    assert.equal(ext.underJournal('/home/ada/log/2013/02.txt', '/home/ada/log'), true);
    assert.equal(ext.underJournal('/home/ada/log.txt', '/home/ada/log.txt'), true, 'a journal of one file');
    assert.equal(ext.underJournal('/home/ada/logbook/02.txt', '/home/ada/log'), false);
    assert.equal(ext.underJournal('/home/ada/log/photo.png', '/home/ada/log'), false);
    assert.equal(ext.underJournal('/home/ada/log/2013/02.txt', ''), false);
    assert.deepEqual(ext.documentSelector('/home/ada/log', ['**/log/**/*.txt']), [{ language: 'daybook' }, { scheme: 'file', pattern: '**/log/**/*.txt' }, { scheme: 'file', pattern: '/home/ada/log/**/*' }]);
  });

  test('its palette commands are the language server\'s', () => {
    const server = fs.readFileSync(path.join(ROOT, 'src', 'lsp', 'commands.ts'), 'utf8');
    for (const c of pkg.contributes.commands) assert.match(server, new RegExp(`'${c.command.replace('.', '\\.')}'`), c.command);
  });
});
