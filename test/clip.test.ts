/**
 * Clipping mails: the shapes mail comes in (multipart/alternative, base64
 * and quoted-printable, GB2312, GBK and Big5, RFC 2047 names and subjects,
 * HTML only, attachments, mbox with several mails) and the bad ones.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { daybook, dirPrint, EXAMPLE, tempDir } from './helpers.js';

const b64 = (s: string, charset = 'utf-8') => iconv.encode(s, charset).toString('base64');
const word = (s: string, charset: string) => `=?${charset}?B?${b64(s, charset)}?=`;
const TZ = 'Asia/Shanghai';

function journalCopy(): string {
  const dir = path.join(tempDir(), 'journal');
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

function mailFile(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

const run = (args: string[], env: Record<string, string> = {}) => daybook(args, { env: { TZ, DAYBOOK_NOW: '2025-12-01 10:00', ...env } });
const added = (dir: string) => {
  const now = fs.readFileSync(path.join(dir, '2025-11.txt'), 'utf8');
  const was = fs.readFileSync(path.join(EXAMPLE, '2025-11.txt'), 'utf8');
  assert.ok(now.startsWith(was), 'the old text stays as it was');
  // The file ends with a blank line already, or gets one before the new entry.
  return now.slice(was.length).replace(/^\n+/, '');
};

const ALTERNATIVE = [
  `From: ${word('王磊', 'gb2312')} <wang@example.cn>`,
  'To: me@example.org',
  `Subject: ${word('压缩策略的讨论', 'gbk')}`,
  'Date: Tue, 07 Oct 2025 09:12:00 +0800',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=gb2312',
  'Content-Transfer-Encoding: base64',
  '',
  b64('你好，\n\n> 上次说的 leveled compaction\n我同意先在 staging 上试。\n', 'gb2312'),
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>HTML version, not used</p>',
  '--b1--',
  '',
].join('\r\n');

describe('clip: mails as they come', () => {
  test('multipart/alternative in GB2312 with a GBK subject and an encoded name: a new entry, the text part', () => {
    const dir = journalCopy();
    const r = run(['clip', mailFile('a.eml', ALTERNATIVE), '--journal', dir, '--topics', 'storage, mail']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(added(dir), '10:00 2025-12-01\nstorage, mail\n1, "王磊 <wang@example.cn>"_email_"压缩策略的讨论"_20251007_0912\n你好，\n\n> 上次说的 leveled compaction\n我同意先在 staging 上试。\n');
    const check = JSON.parse(daybook(['check', dir, '--json']).stdout) as { diagnostics: { file: string; line: number }[] };
    const lastLine = fs.readFileSync(path.join(EXAMPLE, '2025-11.txt'), 'utf8').split('\n').length;
    assert.deepEqual(check.diagnostics.filter((d) => d.file.endsWith('2025-11.txt') && d.line >= lastLine), [], 'the clipped mail reads as a mail clip, with nothing to report');
  });

  test('quoted-printable Big5, HTML only, attachments listed, the date in local time', () => {
    const dir = journalCopy();
    const big5 = [
      'From: "Chen, Yu" <yu@example.tw>',
      `Subject: ${word('測試報告', 'big5')}`,
      'Date: Mon, 06 Oct 2025 23:30:00 -0700',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: text/html; charset=big5',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      [...iconv.encode('<p>報告在附件。</p><p>second para</p>', 'big5')].map((b) => (b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join(''),
      '--m',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.alloc(3000, 7).toString('base64'),
      '--m--',
      '',
    ].join('\r\n');
    const r = run(['clip', mailFile('b.eml', big5), '--journal', dir]);
    assert.equal(r.status, 0, r.stderr);
    // 23:30 at -0700 is 14:30 the next day in Shanghai.
    assert.equal(added(dir), "10:00 2025-12-01\nmail\n1, \"Chen, Yu <yu@example.tw>\"_email_\"測試報告\"_20251007_1430\n報告在附件。\n\nsecond para\n[attachment: report.pdf, application/pdf, 3 KB]\n");
  });

  test('an mbox of several mails, and a reply that goes into the entry of the mail it answers', () => {
    const dir = journalCopy();
    const mbox = [
      'From wang@example.cn Tue Oct  7 09:12:00 2025',
      'From: Wang <wang@example.cn>',
      'Subject: first',
      'Date: Tue, 07 Oct 2025 09:12:00 +0800',
      '',
      'one',
      '>From here on, a quoted From line.',
      '',
      'From lin@example.org Tue Oct  7 10:00:00 2025',
      'From: Lin <lin@example.org>',
      'Subject: second',
      'Date: Tue, 07 Oct 2025 10:00:00 +0800',
      '',
      'two',
      '',
    ].join('\n');
    let r = run(['clip', mailFile('box.mbox', mbox), '--journal', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(added(dir), '10:00 2025-12-01\nmail\n1, "Wang <wang@example.cn>"_email_"first"_20251007_0912\none\nFrom here on, a quoted From line.\n2, "Lin <lin@example.org>"_email_"second"_20251007_1000\ntwo\n');
    const reply = 'From: Ann <ann@example.org>\nSubject: Re: first\nDate: Wed, 08 Oct 2025 08:00:00 +0800\n\n> one\nagreed.\n';
    r = run(['clip', mailFile('reply.eml', reply), '--journal', dir], { DAYBOOK_NOW: '2025-12-01 11:00' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /into the entry 10:00 2025-12-01 as item 3/);
    assert.match(added(dir), /two\n3, "Ann <ann@example.org>"_email_"Re: first"_20251008_0800\n> one\nagreed\.\n$/);
  });

  test('an mbox with a reply and an unrelated mail: the reply into the entry it answers, the other into a new entry', () => {
    const dir = journalCopy();
    let r = run(['clip', mailFile('first.eml', 'From: Wang <wang@example.cn>\nSubject: budget\nDate: Tue, 07 Oct 2025 09:12:00 +0800\n\nthe numbers.\n'), '--journal', dir]);
    assert.equal(r.status, 0, r.stderr);
    const first = added(dir);
    const mbox = [
      'From ann@example.org Wed Oct  8 08:00:00 2025',
      'From: Ann <ann@example.org>',
      'Subject: Re: budget',
      'Date: Wed, 08 Oct 2025 08:00:00 +0800',
      '',
      'agreed.',
      '',
      'From bob@example.org Wed Oct  8 09:00:00 2025',
      'From: Bob <bob@example.org>',
      'Subject: lunch',
      'Date: Wed, 08 Oct 2025 09:00:00 +0800',
      '',
      'noon?',
      '',
      'From cy@example.org Wed Oct  8 10:00:00 2025',
      'From: Cy <cy@example.org>',
      'Subject: RE: Re: budget',
      'Date: Wed, 08 Oct 2025 10:00:00 +0800',
      '',
      'me too.',
      '',
    ].join('\n');
    r = run(['clip', mailFile('box.mbox', mbox), '--journal', dir], { DAYBOOK_NOW: '2025-12-01 11:00' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /clipped 3 mails into the entry 10:00 2025-12-01 as items 2-3, and a new entry 11:00 2025-12-01 \(1 mail\)/);
    assert.equal(
      added(dir),
      `${first}2, "Ann <ann@example.org>"_email_"Re: budget"_20251008_0800\nagreed.\n3, "Cy <cy@example.org>"_email_"RE: Re: budget"_20251008_1000\nme too.\n\n11:00 2025-12-01\nmail\n1, "Bob <bob@example.org>"_email_"lunch"_20251008_0900\nnoon?\n`,
    );
    const check = JSON.parse(daybook(['check', dir, '--json']).stdout) as { diagnostics: { file: string; line: number; code: string }[] };
    assert.deepEqual(check.diagnostics.filter((d) => d.file.endsWith('2025-11.txt') && d.code !== 'moment-order'), []);
  });

  test('ISO-2022-JP (decoded by the mail parser) and a body that mentions charset= are clipped', () => {
    const dir = journalCopy();
    // 日本語 in ISO-2022-JP: ESC $ B, the JIS X 0208 codes, ESC ( B.
    const jis = Buffer.from([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x38, 0x6c, 0x1b, 0x28, 0x42]);
    const mail = Buffer.concat([
      Buffer.from(`From: ${`=?ISO-2022-JP?B?${jis.toString('base64')}?=`} <jp@example.jp>\nSubject: =?iso-2022-jp?B?${jis.toString('base64')}?=\nDate: Tue, 07 Oct 2025 09:12:00 +0800\nContent-Type: text/plain; charset="ISO-2022-JP"\nContent-Transfer-Encoding: 7bit\n\n`),
      jis,
      Buffer.from('\nset Content-Type: text/plain; charset=x-unheard-of in the header, and =?x-martian?B?YQ==?= too.\n'),
    ]);
    let r = run(['clip', mailFile('jp.eml', mail), '--journal', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(added(dir), '10:00 2025-12-01\nmail\n1, "日本語 <jp@example.jp>"_email_"日本語"_20251007_0912\n日本語\nset Content-Type: text/plain; charset=x-unheard-of in the header, and =?x-martian?B?YQ==?= too.\n');
    // A multipart mail: only the parts' headers declare; an unknown charset there is still refused, a mention in a part's text is not.
    const multipart = (charset: string) =>
      ['From: a@example.org', 'Subject: parts', 'Content-Type: multipart/mixed; boundary="zz"', '', 'preamble charset=x-nope', '--zz', `Content-Type: text/plain; charset=${charset}`, '', 'Content-Type: text/html; charset=x-quoted-in-text', '--zz--', 'epilogue charset=x-nope', ''].join('\n');
    const before = dirPrint(dir);
    r = run(['clip', mailFile('bad.eml', multipart('x-martian-7')), '--journal', dir]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /a charset daybook cannot read: x-martian-7\n {2}expected a charset such as/);
    assert.deepEqual(dirPrint(dir), before);
    r = run(['clip', mailFile('good.eml', multipart('utf-8')), '--journal', dir], { DAYBOOK_NOW: '2025-12-01 11:00' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(fs.readFileSync(path.join(dir, '2025-11.txt'), 'utf8'), /"parts"\nContent-Type: text\/html; charset=x-quoted-in-text\n$/);
    // UTF-7 is known to iconv-lite but read as UTF-8 by the mail parser: refused rather than clipped wrong.
    r = run(['clip', mailFile('u7.eml', 'From: a@example.org\nSubject: x\nContent-Type: text/plain; charset=utf-7\n\n+ZeVnLIqe-\n'), '--journal', dir]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /cannot read: utf-7/);
  });

  test('--into REF appends the mail as the next item of that entry, even with entries after it', () => {
    const dir = journalCopy();
    const file = path.join(dir, '2025-10.txt');
    const before = fs.readFileSync(file, 'utf8');
    const r = run(['clip', mailFile('a.eml', 'From: Lin Wei <lin@example.org>\nSubject: numbers\nDate: Thu, 09 Oct 2025 12:00:00 +0800\n\nthe p99 is 8ms now.\n'), '--into', '9:48 2025-10-06', '--journal', dir]);
    assert.equal(r.status, 0, r.stderr);
    const after = fs.readFileSync(file, 'utf8');
    const at = before.indexOf('\n10:20 2025-10-06');
    const head = before.slice(0, at).replace(/\n+$/, '\n');
    assert.equal(after, `${head}3, "Lin Wei <lin@example.org>"_email_"numbers"_20251009_1200\nthe p99 is 8ms now.\n${before.slice(head.length)}`);
  });
});

describe('clip: bad input changes nothing', () => {
  for (const [what, content, message, code] of [
    ['a file that is not a mail', 'just some notes\nwithout any headers\n', /does not look like a mail: it has no From: header\n {2}expected a mail saved as \.eml/, 2],
    ['an unknown charset', 'From: a@example.org\nSubject: x\nContent-Type: text/plain; charset=x-martian-7\n\nhello\n', /a charset daybook cannot read: x-martian-7/, 2],
    ['an empty mbox', '', /holds no mail/, 2],
    ['a body that would start a new entry', 'From: a@example.org\nSubject: x\n\nhello\n\n10:00 2025-01-01\nmore\n', /would start a new entry/, 2],
  ] as const) {
    test(what, () => {
      const dir = journalCopy();
      const before = dirPrint(dir);
      const r = run(['clip', mailFile('x.eml', content), '--journal', dir]);
      assert.equal(r.status, code, r.stderr);
      assert.match(r.stderr, message);
      assert.deepEqual(dirPrint(dir), before);
    });
  }

  test('a missing mail file, and an --into that does not resolve', () => {
    const dir = journalCopy();
    let r = run(['clip', '/nonexistent/mail.eml', '--journal', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read \(ENOENT\)/);
    r = run(['clip', mailFile('a.eml', ALTERNATIVE), '--into', '11:11 2025-10-06', '--journal', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no entry/);
  });
});
