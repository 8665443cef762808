/**
 * One convention for every command's `--json` (README "JSON output"):
 *
 * - an object at the top, with `version` (of this convention, 1) and `root`
 *   (the journal's directory, absolute; null for a command without a
 *   journal); a command whose answer is a list puts it under a name
 *   (`todos`, `backlinks`, `topics`, ...);
 * - moments in ISO 8601, `2013-02-16T11:07` (keys `moment`, `now`,
 *   `entry`, `first` and `last` where they hold a moment, and the lists of
 *   moments a merge reports; a date stays `2013-02-16`);
 * - durations in minutes, named `...Minutes` (`focusMinutes`,
 *   `weekBalanceMinutes`; times of day as minutes after midnight:
 *   `startMinutes`); a count named `minutes` already says its unit;
 * - journal files relative to `root` (`file`, `files`).
 *
 * The queries' shapes stay as they are (the web app and the editor use
 * them); this is how the command line writes them. Each command's JSON is
 * described by a JSON Schema in `schemas/` (checked by the tests).
 *
 * ```ts
 * conventional({ moment: '11:07 2013-2-16', focus: 90 }, { root: '/j', cwd: '/j', minutes: true });
 * // { version: 1, root: '/j', moment: '2013-02-16T11:07', focusMinutes: 90 }
 * ```
 */
import fs from 'node:fs';
import path from 'node:path';
import { locateJournal } from '../journal/locate.js';
import type { Io } from './io.js';

/** The version of the convention; it changes when a shape changes in a way a reader would notice. */
export const JSON_VERSION = 1;

/** Keys of the hours and the report that hold minutes: written `KEYMinutes`. */
const MINUTE_KEYS = new Set(['presence', 'logged', 'focus', 'spanned', 'timeOff', 'target', 'diff', 'weekBalance', 'monthBalance', 'balance', 'short', 'over', 'start', 'end', 'left', 'weekBalanceBefore', 'reachedAt']);

/** Keys whose string value is a moment (when it reads as one: `last` of a topic is a date, and stays one). */
const MOMENT_KEYS = new Set(['moment', 'now', 'first', 'last', 'entry']);
/** Keys whose list holds moments (the entries a merge added or changed). */
const MOMENT_LIST_KEYS = new Set(['ours', 'theirs', 'changed', 'added']);

/** How a command's answer is written. */
export interface JsonOptions {
  /** The journal's directory (absolute), or null for a command without a journal. */
  root: string | null;
  cwd: string;
  /** The name a list answer goes under. */
  list?: string;
  /** True for the answers of hours, report, now and gtd status, whose numbers named in MINUTE_KEYS are minutes. */
  minutes?: boolean;
}

/** A moment as the model or the index writes it (`11:07 2013-2-16`, `2013-02-16 11:07`) in ISO 8601: `2013-02-16T11:07`. */
export function isoMoment(text: string): string {
  const two = (s: string) => s.padStart(2, '0');
  let m = /^(\d{1,2}):(\d{2}) (\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return `${m[3]}-${two(m[4]!)}-${two(m[5]!)}T${two(m[1]!)}:${m[2]}`;
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$/.exec(text);
  if (m) return `${m[1]}-${two(m[2]!)}-${two(m[3]!)}T${two(m[4]!)}:${m[5]}`;
  return text;
}

function convert(value: unknown, key: string, o: JsonOptions): unknown {
  if (Array.isArray(value)) {
    if (key === 'files') return value.map((v) => (typeof v === 'string' ? relative(v, o) : convert(v, '', o)));
    if (MOMENT_LIST_KEYS.has(key)) return value.map((v) => (typeof v === 'string' ? isoMoment(v) : convert(v, '', o)));
    return value.map((v) => convert(v, '', o));
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const isMinutes = o.minutes && MINUTE_KEYS.has(k) && (typeof v === 'number' || v === null || (Array.isArray(v) && v.every((x) => typeof x === 'number')));
      out[isMinutes ? `${k}Minutes` : k] = convert(v, k, o);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (MOMENT_KEYS.has(key)) return isoMoment(value);
    if (key === 'file') return relative(value, o);
  }
  return value;
}

/** A journal file's path relative to the root (as typed when it is outside it). */
function relative(file: string, o: JsonOptions): string {
  if (o.root === null) return file;
  const rel = path.relative(o.root, path.resolve(o.cwd, file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

/** A command's answer written by the convention. */
export function conventional(value: unknown, o: JsonOptions): Record<string, unknown> {
  const body = Array.isArray(value) ? { [o.list ?? 'items']: value } : (value as Record<string, unknown>);
  return { version: JSON_VERSION, root: o.root, ...(convert(body, '', o) as Record<string, unknown>) };
}

/** The journal's directory: the directory given, the file's directory, or the deepest directory holding all paths. */
export function rootOf(paths: string[]): string | null {
  if (paths.length === 0) return null;
  const dirs = paths.map((p) => {
    try {
      return fs.statSync(p).isDirectory() ? p : path.dirname(p);
    } catch {
      return path.dirname(p);
    }
  });
  let root = dirs[0]!;
  while (!dirs.every((d) => d === root || d.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) root = path.dirname(root);
  return root;
}

/** The root of the journal a command reads, found as the command finds it (paths, --journal, the environment, the config). */
export function journalRoot(io: Io, values: { journal?: string; config?: string }, paths: string[] = []): string | null {
  try {
    return rootOf(locateJournal({ paths, journal: values.journal, config: values.config, env: io.env, cwd: io.cwd }).paths);
  } catch {
    return null;
  }
}
