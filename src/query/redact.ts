/**
 * Redaction: what every text that leaves daybook for someone else (an
 * export, a report, an assistant's answer) passes through when asked. The
 * journal is never touched; only the copy going out is changed.
 *
 * ```ts
 * const r = redactor({ names: ['Ada Lovelace'] });
 * r('mail ada@example.com, call +49 911 740 530, ask Ada Lovelace');
 * // 'mail [mail], call [phone], ask [name]'
 * ```
 */

/** What the config's `redact` key holds. */
export interface RedactSpec {
  /** Mail addresses (`local@host`, also `<a@b.c>` and a host without a dot, as shell prompts write them); on unless `false`. */
  mail?: boolean;
  /** Phone numbers (`+` and a country code, or groups such as `138-1234-5678`, `(010) 6253 1234`); on unless `false`. */
  phone?: boolean;
  /** Names replaced wherever they stand as words, ignoring case: `["Ada Lovelace", "王小明"]`. */
  names?: string[];
  /** The people the journal names (person topics of titles, mail senders): replaced as names; off unless `true`. */
  people?: boolean;
  /** Any regular expressions (ignoring case), each match replaced by `[redacted]`. */
  patterns?: string[];
}

/** A text in, the same text with what the spec names replaced. */
export type Redactor = (text: string) => string;

const MAIL = String.raw`[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*`;
/**
 * A phone number: `+` and 8 to 15 digits in groups, or three groups of
 * digits such as `138-1234-5678` / `(010) 6253-1234`. Dates (`2013-02-25`),
 * times and plain long numbers (addresses in a pasted log) are not phones.
 */
const PHONE = String.raw`(?<![\p{L}\p{N}+])(?:\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}|\(?\d{3,4}\)?[ .-]\d{3,4}[ .-]\d{4})(?![\p{L}\p{N}])`;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A name as a whole word where it starts or ends with a letter of a spaced script; CJK names match anywhere. */
const nameSource = (n: string) => {
  const body = escape(n.trim()).replace(/\s+/g, '\\s+');
  const first = /^[\p{L}\p{N}]/u.test(n.trim()) && !/^\p{Script=Han}/u.test(n.trim());
  const last = /[\p{L}\p{N}]$/u.test(n.trim()) && !/\p{Script=Han}$/u.test(n.trim());
  return `${first ? '(?<![\\p{L}\\p{N}])' : ''}${body}${last ? '(?![\\p{L}\\p{N}])' : ''}`;
};

/**
 * Builds the redactor of a spec; `people` are the journal's names, used
 * when the spec asks for them. One pass over the text with one expression:
 * the cost grows with the text, not with what was typed.
 */
export function redactor(spec: RedactSpec = {}, people: Iterable<string> = []): Redactor {
  const parts: { source: string; label: string }[] = [];
  if (spec.mail !== false) parts.push({ source: MAIL, label: '[mail]' });
  if (spec.phone !== false) parts.push({ source: PHONE, label: '[phone]' });
  const names = new Set((spec.names ?? []).map((n) => n.trim()).filter(Boolean));
  if (spec.people) for (const p of people) if (p.trim()) names.add(p.trim());
  // Longer names first, so that "Ada Lovelace" wins over "Ada".
  const sorted = [...names].sort((a, b) => b.length - a.length);
  if (sorted.length) parts.push({ source: sorted.map(nameSource).join('|'), label: '[name]' });
  for (const p of spec.patterns ?? []) parts.push({ source: p, label: '[redacted]' });
  if (!parts.length) return (t) => t;
  const all = new RegExp(parts.map((p) => `(${p.source})`).join('|'), 'giu');
  // Which capture group is which part: a user's pattern may hold groups of its own.
  const groupOf: number[] = [];
  let group = 1;
  for (const p of parts) {
    groupOf.push(group);
    group += 1 + countGroups(p.source);
  }
  return (text) =>
    text.replace(all, (...m: unknown[]) => {
      if ((m[0] as string) === '') return '';
      for (let i = 0; i < parts.length; i++) {
        if (m[groupOf[i]!] === undefined) continue;
        // A phone has 8 digits at least: `+156,7` in a diff's hunk header is no phone.
        if (parts[i]!.label === '[phone]' && ((m[0] as string).match(/\d/g)?.length ?? 0) < 8) return m[0] as string;
        return parts[i]!.label;
      }
      return '[redacted]';
    });
}

/** The number of capturing groups of an expression's source. */
function countGroups(source: string): number {
  return new RegExp(`${source}|`, 'u').exec('')!.length - 1;
}

/** Why a `redact` value of the config is wrong, or undefined when it is right. */
export function checkRedactSpec(v: unknown): string | undefined {
  const expected = 'an object with "mail" / "phone" / "people" (true or false), "names" (a list of names) and "patterns" (a list of regular expressions)';
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return expected;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'mail' || k === 'phone' || k === 'people') {
      if (typeof x !== 'boolean') return `true or false for "${k}"`;
    } else if (k === 'names' || k === 'patterns') {
      if (!Array.isArray(x) || !x.every((s) => typeof s === 'string' && s.trim() !== '')) return `a list of non-empty strings for "${k}"`;
      if (k === 'patterns') {
        for (const p of x as string[]) {
          try {
            new RegExp(p, 'giu');
          } catch (err) {
            return `regular expressions in "patterns"; ${JSON.stringify(p)} is not one (${(err as Error).message})`;
          }
          if (new RegExp(p, 'u').test('')) return `patterns that match some text; ${JSON.stringify(p)} matches the empty text`;
        }
      }
    } else return `${expected}; "${k}" is not one of them`;
  }
  return undefined;
}

/**
 * A value (an answer as plain data) with every string passed through a
 * redactor, except the strings under the keys `keep` names (moments, ids,
 * paths: never the user's words).
 *
 * ```ts
 * redactStrings({ moment: '2013-02-16T11:07', text: 'ask ada@example.com' }, r, new Set(['moment']));
 * // { moment: '2013-02-16T11:07', text: 'ask [mail]' }
 * ```
 */
export function redactStrings<T>(value: T, redact: Redactor, keep: ReadonlySet<string>, key = ''): T {
  if (typeof value === 'string') return (keep.has(key) ? value : redact(value)) as T;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, redact, keep, key)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, redact, keep, k)])) as T;
  return value;
}
