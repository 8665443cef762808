/**
 * Email clip headers: `"Name <addr>"_email_"Subject"_YYYYMMDD_HHMM`, the
 * sender quoted or bare, the address and the date optional.
 */
import { dayOf, daysBetween } from '../calendar/day.js';
import { MAIL_HEADER } from '../syntax/patterns.js';
import type { Reporter } from './diagnostic.js';
import type { Moment } from './moment.js';
import type { MailClip, Span } from './types.js';

/** The parts of a clip header. */
export type MailHeader = Pick<MailClip, 'sender' | 'address' | 'subject' | 'date'>;

/**
 * Reads a clip header line; undefined when the line is not one.
 *
 * ```ts
 * readMailHeader('"Ann Lee <ann@example.org>"_email_"Hi"_20130201_1747');
 * // { sender: 'Ann Lee', address: 'ann@example.org', subject: 'Hi', date: { year: 2013, ... } }
 * ```
 */
export function readMailHeader(line: string): MailHeader | undefined {
  const m = MAIL_HEADER.exec(line);
  if (!m) return undefined;
  const who = (m[1] ?? m[2] ?? '').trim();
  const addr = /^(.*?)\s*<([^<>]*)>\s*$/.exec(who);
  const header: MailHeader = { sender: addr ? addr[1]!.trim() : who, subject: m[3]! };
  if (addr) header.address = addr[2]!.trim();
  if (m[4] && m[5]) {
    header.date = { year: Number(m[4].slice(0, 4)), month: Number(m[4].slice(4, 6)), day: Number(m[4].slice(6, 8)), hour: Number(m[5].slice(0, 2)), minute: Number(m[5].slice(2, 4)) };
  }
  return header;
}

/**
 * Checks a mail's date against the entry it is clipped into: a date after the
 * entry is a warning; a date a year off but days away is probably a typo.
 */
export function checkMailDate(date: NonNullable<MailClip['date']>, entry: Moment | undefined, span: Span, out: Reporter): void {
  if (!entry?.valid) return;
  const entryDay = dayOf(entry.year, entry.month, entry.day);
  const written = `${date.year}-${pad(date.month)}-${pad(date.day)}`;
  if (daysBetween(entryDay, dayOf(date.year, date.month, date.day)) > 1) {
    out.report('mail-date-after-entry', span, `the mail is dated ${written}, after the entry it is clipped into (${entry.key}); expected a date on or before the entry`);
    return;
  }
  if (date.year === entry.year) return;
  const sameYear = daysBetween(entryDay, dayOf(entry.year, date.month, date.day));
  if (sameYear <= 1 && sameYear >= -7) {
    out.report('mail-date-year', span, `the mail is dated ${written}, a year away from the entry (${entry.key}); was ${entry.year} meant?`);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
