/**
 * Journals for the fuzz test: a seeded PRNG (the same seed gives the same
 * inputs), mutations of real journals (byte flips, truncation, duplicated
 * lines, huge numbers in every numeric field, NUL, CR, BOM, invalid UTF-8,
 * long lines, deep outlines, nested threads, many markers and references)
 * and random journals written from the format's pieces.
 */

/** A small fast PRNG (mulberry32); `next()` in [0, 1). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

/** Numbers a user could type where a small one is expected. */
const HUGE = ['999999999999999999999', '99999999', '999999', '9999', '0', '00000000000000000000', '4294967297', '1e309', '99999999999999999999999999999999999999999999'];

/** One mutation: its name and what it does to the bytes. */
export interface Mutation {
  name: string;
  apply(input: Buffer, rng: Rng): Buffer;
}

const text = (b: Buffer) => b.toString('latin1');
const bytes = (s: string) => Buffer.from(s, 'latin1');

function lines(b: Buffer): string[] {
  return text(b).split('\n');
}

/** A place at a line start. */
function atLine(b: Buffer, rng: Rng, insert: string): Buffer {
  const ls = lines(b);
  ls.splice(rng.int(ls.length + 1), 0, insert);
  return bytes(ls.join('\n'));
}

export const MUTATIONS: Mutation[] = [
  {
    name: 'byte-flips',
    apply(b, rng) {
      const out = Buffer.from(b);
      const n = 1 + rng.int(20);
      for (let i = 0; i < n && out.length > 0; i++) out[rng.int(out.length)] = rng.int(256);
      return out;
    },
  },
  { name: 'truncation', apply: (b, rng) => b.subarray(0, rng.int(b.length + 1)) },
  {
    name: 'line-duplication',
    apply(b, rng) {
      const ls = lines(b);
      const n = 1 + rng.int(5);
      for (let i = 0; i < n; i++) {
        const at = rng.int(ls.length);
        const times = 1 + rng.int(rng.next() < 0.2 ? 500 : 5);
        ls.splice(at, 0, ...Array<string>(times).fill(ls[at]!));
      }
      return bytes(ls.join('\n'));
    },
  },
  {
    name: 'huge-numbers',
    apply(b, rng) {
      // Every numeric field: item numbers, contN, hours, minutes, years, months, days, durations, paths.
      const p = 0.05 + rng.next() * 0.5;
      return bytes(text(b).replace(/\d+/g, (d) => (rng.next() < p ? rng.pick(HUGE) : d)));
    },
  },
  { name: 'nul', apply: (b, rng) => atBytes(b, rng, Buffer.from([0]), 1 + rng.int(10)) },
  { name: 'cr', apply: (b, rng) => (rng.next() < 0.5 ? bytes(text(b).replace(/\n/g, '\r\n')) : atBytes(b, rng, Buffer.from('\r'), 1 + rng.int(20))) },
  { name: 'bom', apply: (b, rng) => (rng.next() < 0.5 ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]) : atBytes(b, rng, Buffer.from([0xef, 0xbb, 0xbf]), 1 + rng.int(5))) },
  { name: 'invalid-utf8', apply: (b, rng) => atBytes(b, rng, Buffer.from(rng.pick([[0xff], [0xc3], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80, 0x80]])), 1 + rng.int(10)) },
  { name: 'long-line', apply: (b, rng) => atLine(b, rng, longLine(rng, 100_000 + rng.int(4) * 100_000)) },
  {
    name: 'deep-outline',
    apply(b, rng) {
      const n = 100 + rng.int(3000);
      const marks: string[] = [];
      for (let i = 0; i < n; i++) {
        const k = rng.int(3);
        const num = rng.next() < 0.1 ? rng.pick(HUGE) : String(1 + rng.int(50));
        marks.push(k === 0 ? `${num}, x` : k === 1 ? `${num}), y see"${num})"` : `(${num}), z`);
      }
      return atLine(b, rng, marks.join('\n'));
    },
  },
  {
    name: 'nested-threads',
    apply(b, rng) {
      const n = 10 + rng.int(5000);
      const title = Array.from({ length: n }, () => `t, cont${rng.next() < 0.1 ? rng.pick(HUGE) : 1 + rng.int(9)}`).join(', ');
      return bytes(`${text(b)}\n\n10:00 2013-03-01\n${title}\nbody\n`);
    },
  },
  {
    name: 'many-todos',
    apply: (b, rng) => atLine(b, rng, Array.from({ length: 1000 + rng.int(20000) }, () => rng.pick(['\\TODO x ', '\\TODO: ', '\\DONE y ', 'word '])).join('')),
  },
  {
    name: 'many-references',
    apply(b, rng) {
      const refs = Array.from({ length: 500 + rng.int(8000) }, () => `see"${rng.int(24)}:${10 + rng.int(50)} ${rng.next() < 0.3 ? rng.pick(HUGE) : 2000 + rng.int(30)}-${1 + rng.int(12)}-${1 + rng.int(28)}"${rng.next() < 0.3 ? rng.pick(HUGE) : 1 + rng.int(3)}.`);
      return atLine(b, rng, refs.join(' '));
    },
  },
  {
    name: 'gtd-times',
    apply(b, rng) {
      const spans = Array.from({ length: 1 + rng.int(50) }, () => rng.pick(['99999999h', '999999999h', "99999999'", '0:00-99:99', '23:59-0:00', '9:00-', '-17:00', '9999:00-1:00', '2.5h', `${rng.pick(HUGE)}h`, `${rng.pick(HUGE)}'`])).join(' ');
      const year = rng.pick(['2013', '9999', '0001', '99999', '1970', '2100']);
      return bytes(`${text(b)}\n\n9:00 ${year}-02-${1 + rng.int(28)}\nGTD\n0, ${spans}\n\n1, today\n1), ${spans} task\n2), ${spans} other\n`);
    },
  },
];

function atBytes(b: Buffer, rng: Rng, insert: Buffer, times: number): Buffer {
  let out = b;
  for (let i = 0; i < times; i++) {
    const at = rng.int(out.length + 1);
    out = Buffer.concat([out.subarray(0, at), insert, out.subarray(at)]);
  }
  return out;
}

function longLine(rng: Rng, length: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < length) {
    const w = rng.pick(['word', '\\TODO', 'see"10:00 2013-02-01"', '1, ', 'cont3', '(99999),', '中文', ' ', '   ', '"3)"', '\t']);
    parts.push(w);
    n += w.length;
  }
  return parts.join('');
}

/** A random journal made of the format's pieces, valid or nearly so. */
export function randomJournal(rng: Rng, entries = 5 + rng.int(60)): Buffer {
  const out: string[] = [];
  let day = 1 + rng.int(20);
  const topics = ['libvirt', 'xen', 'patch', 'lock', 'suse', 'mail', '会议', 'review'];
  for (let i = 0; i < entries; i++) {
    if (rng.next() < 0.3) day++;
    const hh = rng.int(24);
    const mm = rng.int(60);
    const date = `2013-${1 + (Math.floor(day / 28) % 12)}-${1 + (day % 28)}`;
    out.push('', `${hh}:${String(mm).padStart(2, '0')} ${date}`);
    if (rng.next() < 0.2) out.push(`(${rng.int(24)}:10 ${date})`);
    if (rng.next() < 0.15) {
      out.push('GTD', `0, ${rng.int(12)}:00-${12 + rng.int(12)}:30 ${rng.int(24)}:00`, '', '1, today');
      for (let t = 0; t < 1 + rng.int(5); t++) out.push(`${t + 1}), ${rng.pick(['9:00-9:40', "30'", '2h', '15:00-17:50 20:24-21:35', '21:00-1:00'])} task ${t}. see"${hh}:${mm} ${date}".`);
      out.push(`${6}), Summary: fine`);
      continue;
    }
    const title = Array.from({ length: 1 + rng.int(4) }, () => rng.pick(topics));
    if (rng.next() < 0.5) title.push(`cont${1 + rng.int(12)}`);
    if (rng.next() < 0.3) title.push(rng.pick(topics), `cont${1 + rng.int(3)}`);
    out.push(title.join(', '));
    for (let k = 0; k < rng.int(12); k++) {
      const level = rng.int(3);
      const n = 1 + rng.int(9);
      const body = rng.pick(['text', `see"${rng.int(24)}:${10 + rng.int(50)} 2013-${1 + rng.int(3)}-${1 + rng.int(28)}"${rng.int(3) || ''}.`, '\\TODO check it', '\\DONE done', '"Jim <jim@example.com>"_email_"Re: x"_20130201_1747', '> quoted', '等待结果是做了"3)".']);
      out.push(level === 0 ? `${n}, ${body}` : level === 1 ? `${n}), ${body}` : level === 2 ? `(${n}), ${body}` : body);
      if (rng.next() < 0.3) out.push(`    pasted ${rng.int(1000)}`);
    }
  }
  return Buffer.from(out.join('\n') + '\n', 'utf8');
}

/** One input: a base journal (or a random one) with 1 to 3 mutations. */
export function makeInput(rng: Rng, bases: Buffer[]): { name: string; bytes: Buffer } {
  const base = rng.next() < 0.25 || bases.length === 0 ? { name: 'random', bytes: randomJournal(rng) } : { name: 'base', bytes: rng.pick(bases) };
  let b = base.bytes;
  const names = [base.name];
  for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
    const m = rng.pick(MUTATIONS);
    b = m.apply(b, rng);
    names.push(m.name);
  }
  return { name: names.join('+'), bytes: b };
}
