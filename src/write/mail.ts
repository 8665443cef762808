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
import { convert } from 'html-to-text';
import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { InputError } from '../errors.js';

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

/** The charsets a mail's parts declare that no decoder knows. */
function unknownCharsets(mail: Buffer): string[] {
  const names = new Set<string>();
  for (const m of mail.toString('latin1').matchAll(/charset\s*=\s*"?([^";\s]+)"?/gi)) names.add(m[1]!);
  for (const m of mail.toString('latin1').matchAll(/=\?([^?*]+)(?:\*[^?]*)?\?[bq]\?/gi)) names.add(m[1]!);
  return [...names].filter((n) => !iconv.encodingExists(n));
}

const two = (n: number) => String(n).padStart(2, '0');
const unquote = (s: string) => s.replace(/"/g, "'").replace(/[\r\n]+/g, ' ').trim();

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** Reads one mail into a clip; `what` names it in messages. */
export async function readClip(mail: Buffer, what: string): Promise<Clip> {
  const unknown = unknownCharsets(mail);
  if (unknown.length) throw new InputError(`clip: ${what} is written in a charset daybook cannot read: ${unknown.join(', ')}`, 'expected a charset such as UTF-8, GB2312, GBK, GB18030, Big5, ISO-8859-1 or Windows-1252; nothing was written');
  const parsed = await simpleParser(mail, { skipImageLinks: true });
  const from = parsed.from?.value[0];
  if (!from || (!from.address && !from.name)) throw new InputError(`clip: ${what} does not look like a mail: it has no From: header`, 'expected a mail saved as .eml (headers, a blank line, the text) or an mbox file; nothing was written');
  const sender = unquote(from.name ? (from.address ? `${from.name} <${from.address}>` : from.name) : from.address!);
  const subject = unquote(parsed.subject ?? '');
  const d = parsed.date;
  const when = d && !Number.isNaN(d.getTime()) ? `_${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}_${two(d.getHours())}${two(d.getMinutes())}` : '';
  // A mail with only an HTML part (in a multipart/mixed mailparser gives no text for it): its text.
  const plain = parsed.text ?? (typeof parsed.html === 'string' ? convert(parsed.html, { wordwrap: false, selectors: [{ selector: 'a', options: { hideLinkHrefIfSameAsText: true } }, { selector: 'img', format: 'skip' }] }) : '');
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
