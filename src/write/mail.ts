/**
 * Clipping mails: an .eml file or an mbox read with mailparser (MIME parts,
 * base64 and quoted-printable, RFC 2047 names and subjects, any charset that
 * iconv-lite knows, HTML turned into text when there is no text part), and
 * written the way the journal writes them:
 *
 *     "Name <addr@example.com>"_email_"Subject"_YYYYMMDD_HHMM
 *     the mail's text, quoted lines kept
 *     [attachment: report.pdf, application/pdf, 120 KB]
 *
 * The date is the mail's, in local time. The header has no way to escape a
 * double quote, so one in a name or subject is written as a single quote.
 */
import { createRequire } from 'node:module';
import type * as HtmlToText from 'html-to-text';
import type IconvLite from 'iconv-lite';
import type * as MailParser from 'mailparser';
import { InputError } from '../errors.js';

// The mail packages are large (mailparser alone is a few hundred milliseconds to load): loaded when a mail is clipped, not
// at every start of a command that shares a bundle with this one.
const require = createRequire(import.meta.url);
const mailparser = () => require('mailparser') as typeof MailParser;
const iconvLite = () => require('iconv-lite') as typeof IconvLite;
const htmlToText = () => require('html-to-text') as typeof HtmlToText;

/** A mail as the journal will hold it. */
export interface Clip {
  header: string;
  body: string[];
  subject: string;
  sender: string;
}

/** Splits an mbox into its mails (mboxrd: `>From ` lines unquoted); a file that is not an mbox is one mail. */
export function splitMbox(source: Buffer): Buffer[] {
  const text = source.toString('latin1');
  if (!text.startsWith('From ')) return text.trim() === '' ? [] : [source];
  const lines = text.split('\n');
  const mails: Buffer[] = [];
  let current: string[] | undefined;
  const flush = () => {
    if (current && current.join('\n').trim() !== '') mails.push(Buffer.from(current.join('\n').replace(/^>(>*From )/gm, '$1'), 'latin1'));
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('From ') && (i === 0 || lines[i - 1]!.replace(/\r$/, '') === '')) {
      flush();
      current = [];
      continue;
    }
    current?.push(line);
  }
  flush();
  return mails;
}

/**
 * Whether the mail parser decodes a charset: the rule of libmime, which
 * mailparser decodes with (UTF-8 and ASCII as they are; the Japanese
 * charsets iconv-lite lacks, such as ISO-2022-JP, with encoding-japanese;
 * any other that iconv-lite knows, except UTF-7 and the transfer encodings
 * base64 and hex, which it reads as UTF-8).
 */
export function charsetDecoded(name: string): boolean {
  const n = name.trim().toLowerCase();
  if (/^(?:(?:us-)?ascii|utf-?8|7bit)$/.test(n) || /^jis|^iso-?2022-?jp|^eucjp|^euc-jp/.test(n)) return true;
  const iconv = iconvLite();
  if (!iconv.encodingExists(n)) return false;
  const refused = ['utf7', 'utf7imap', 'base64', 'hex'].map((c) => iconv.getCodec(c));
  return !refused.includes(iconv.getCodec(n));
}

/**
 * The header blocks of a mail: its own and those of every part of its
 * multipart bodies, unfolded. Only these declare charsets; a body that
 * mentions `charset=` declares nothing.
 */
export function headerBlocks(mail: string): string[] {
  const split = /\r?\n\r?\n/.exec(mail);
  const head = (split ? mail.slice(0, split.index) : mail).replace(/\r?\n[ \t]+/g, ' ');
  const blocks = [head];
  if (!split) return blocks;
  const type = /^content-type:\s*multipart\/[^\n]*?boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/im.exec(head);
  if (!type) return blocks;
  const boundary = (type[1] ?? type[2])!;
  const body = mail.slice(split.index + split[0].length);
  const parts = body.split(/\r?\n/).reduce<string[][]>((acc, line) => {
    if (line.startsWith(`--${boundary}`)) acc.push([]);
    else acc[acc.length - 1]?.push(line);
    return acc;
  }, []);
  // The text after the closing boundary (--b--) is an epilogue, not a part.
  const closed = body.split(/\r?\n/).filter((l) => l.startsWith(`--${boundary}`));
  parts.forEach((lines, i) => {
    if (closed[i]?.trimEnd() === `--${boundary}--`) return;
    blocks.push(...headerBlocks(lines.join('\n')));
  });
  return blocks;
}

/** The charsets a mail's headers and parts declare that the mail parser cannot decode. */
function unknownCharsets(mail: Buffer): string[] {
  const names = new Set<string>();
  for (const block of headerBlocks(mail.toString('latin1'))) {
    for (const line of block.split('\n')) {
      if (/^content-type:/i.test(line)) for (const m of line.matchAll(/;\s*charset\s*=\s*"?([^";\s]+)"?/gi)) names.add(m[1]!);
    }
    for (const m of block.matchAll(/=\?([^?*]+)(?:\*[^?]*)?\?[bq]\?/gi)) names.add(m[1]!);
  }
  return [...names].filter((n) => !charsetDecoded(n));
}

const two = (n: number) => String(n).padStart(2, '0');
const unquote = (s: string) => s.replace(/"/g, "'").replace(/[\r\n]+/g, ' ').trim();

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** Reads one mail into a clip; `what` names it in messages. */
export async function readClip(mail: Buffer, what: string): Promise<Clip> {
  const unknown = unknownCharsets(mail);
  if (unknown.length) throw new InputError(`clip: ${what} is written in a charset daybook cannot read: ${unknown.join(', ')}`, 'expected a charset such as UTF-8, GB2312, GBK, GB18030, Big5, ISO-2022-JP, Shift_JIS, ISO-8859-1 or Windows-1252; nothing was written');
  const parsed = await mailparser().simpleParser(mail, { skipImageLinks: true });
  const from = parsed.from?.value[0];
  if (!from || (!from.address && !from.name)) throw new InputError(`clip: ${what} does not look like a mail: it has no From: header`, 'expected a mail saved as .eml (headers, a blank line, the text) or an mbox file; nothing was written');
  const sender = unquote(from.name ? (from.address ? `${from.name} <${from.address}>` : from.name) : from.address!);
  const subject = unquote(parsed.subject ?? '');
  const d = parsed.date;
  const when = d && !Number.isNaN(d.getTime()) ? `_${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}_${two(d.getHours())}${two(d.getMinutes())}` : '';
  // A mail with only an HTML part (in a multipart/mixed mailparser gives no text for it): its text.
  const plain = parsed.text ?? (typeof parsed.html === 'string' ? htmlToText().convert(parsed.html, { wordwrap: false, selectors: [{ selector: 'a', options: { hideLinkHrefIfSameAsText: true } }, { selector: 'img', format: 'skip' }] }) : '');
  const text = plain.replace(/\r\n?/g, '\n');
  const body = text.split('\n').map((l) => l.replace(/\s+$/u, ''));
  while (body.length && body[body.length - 1] === '') body.pop();
  while (body.length && body[0] === '') body.shift();
  for (const a of parsed.attachments ?? []) {
    if (a.related) continue;
    body.push(`[attachment: ${unquote(a.filename ?? 'unnamed')}, ${a.contentType}, ${size(a.size)}]`);
  }
  return { header: `"${sender}"_email_"${subject}"${when}`, body, subject, sender };
}

/** The subject without reply prefixes (`Re: `, `AW: `, `回复：`), for finding the mail a reply answers. */
export function baseSubject(subject: string): string {
  let s = subject.trim();
  for (;;) {
    const next = s.replace(/^(re|aw|sv|fw|fwd|答复|回复|转发)\s*(\[\d+\])?\s*[:：]\s*/i, '');
    if (next === s) return s;
    s = next;
  }
}
