/**
 * The config file: JSON in the user's config directory
 * (`$XDG_CONFIG_HOME/daybook/config.json`, else `~/.config/daybook/config.json`),
 * or the file named by `--config` or `DAYBOOK_CONFIG`. Validated with messages
 * that name the key, what was expected and an example.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDayText } from '../calendar/day.js';
import { icsDaysOff } from '../calendar/ics.js';
import { InputError } from '../errors.js';
import type { BalancePolicy } from '../hours/shapes.js';
import { checkRedactSpec, type RedactSpec } from '../query/redact.js';

/** What the config file may hold. */
export interface Config {
  /** The journal: a file or a directory of files (`~` is the home directory; relative paths are relative to the config file). */
  journal?: string;
  /** Focused hours a day: one number, or per weekday (`{"default": 6, "sat": 0, "sun": 0}`). */
  target?: number | Partial<Record<TargetDay, number>>;
  /** Days with no target (holidays, leave): `["2013-02-11"]`; in the file, also paths of `.ics` calendars, whose all-day events are read into this list. */
  daysOff?: string[];
  /** Patterns (regular expressions, ignoring case) of tasks that are overhead, not focus: `["^mail", "mailing list"]`. */
  overhead?: string[];
  /** How the week's balance adds up the days: `carry` (overtime offsets shortfalls, the default) or `shortfall` (only shortfalls add up). */
  balance?: BalancePolicy;
  /** What `--redact` replaces in exports, reports and the assistants' server: `{"names": ["Ada Lovelace"], "patterns": ["ticket-\\d+"]}`; mail addresses and phone numbers unless turned off. */
  redact?: RedactSpec;
  /** The language of the labels of reports: `"en"` (the default) or `"zh"`. */
  language?: 'en' | 'zh';
  /** An embedding model's directory for `search --meaning` (`model.onnx` and `vocab.txt`); `~` is the home directory, a relative path is relative to the config file. */
  model?: string;
}

/** The keys of a per-weekday target. */
export type TargetDay = 'default' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const TARGET_DAYS: TargetDay[] = ['default', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

interface KeySpec {
  example: string;
  describe: string;
  /** Why a value is wrong (what was expected), or undefined when it is right. */
  check: (value: unknown) => string | undefined;
}

const hours = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 24;

const KEYS: Record<keyof Config, KeySpec> = {
  journal: { example: '"~/log/2013.txt"', describe: 'the journal file or directory', check: (v) => (typeof v === 'string' && v !== '' ? undefined : 'a non-empty string') },
  target: {
    example: '{"default": 6, "sat": 0, "sun": 0}',
    describe: 'focused hours a day, one number or per weekday',
    check: (v) => {
      if (hours(v)) return undefined;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'a number of hours (0 to 24) or an object of them by weekday';
      for (const [k, h] of Object.entries(v)) {
        if (!TARGET_DAYS.includes(k as TargetDay)) return `weekdays named ${TARGET_DAYS.join(', ')}, not "${k}"`;
        if (!hours(h)) return `hours from 0 to 24 for "${k}", not ${JSON.stringify(h)}`;
      }
      return undefined;
    },
  },
  daysOff: {
    example: '["2013-02-11", "~/calendars/holidays.ics"]',
    describe: 'days with no target: dates, or iCalendar files whose all-day events are days off',
    check: (v) => (Array.isArray(v) && v.every((d) => typeof d === 'string' && (readDayText(d) !== undefined || isCalendarPath(d))) ? undefined : 'a list of dates written YYYY-MM-DD or paths of .ics files'),
  },
  overhead: {
    example: '["^mail", "mailing list"]',
    describe: 'patterns of tasks that are overhead, not focus',
    check: (v) => {
      if (!Array.isArray(v) || !v.every((p) => typeof p === 'string' && p !== '')) return 'a list of regular expressions, as strings';
      for (const p of v as string[]) {
        try {
          new RegExp(p, 'iu');
        } catch (err) {
          return `regular expressions; ${JSON.stringify(p)} is not one (${(err as Error).message})`;
        }
      }
      return undefined;
    },
  },
  balance: {
    example: '"shortfall"',
    describe: 'how a week\'s balance adds up the days: "carry" (overtime offsets shortfalls) or "shortfall" (only shortfalls add up)',
    check: (v) => (v === 'carry' || v === 'shortfall' ? undefined : '"carry" (overtime offsets shortfalls) or "shortfall" (only shortfalls add up)'),
  },
  redact: {
    example: '{"names": ["Ada Lovelace"], "people": true, "patterns": ["ticket-\\\\d+"], "phone": false}',
    describe: 'what --redact replaces: mail addresses and phone numbers (unless false), "names", the journal\'s "people", "patterns"',
    check: checkRedactSpec,
  },
  model: {
    example: '"~/models/multilingual-minilm"',
    describe: 'a directory holding an embedding model (model.onnx and vocab.txt) for search --meaning',
    check: (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'the path of a directory holding model.onnx and vocab.txt'),
  },
  language: {
    example: '"zh"',
    describe: 'the language of report labels, "en" or "zh"',
    check: (v) => (v === 'en' || v === 'zh' ? undefined : '"en" (English labels) or "zh" (Chinese labels)'),
  },
};

/** A `daysOff` entry that names an iCalendar file rather than a date. */
const isCalendarPath = (d: string) => /\.ics$/i.test(d.trim()) && d.trim().length > 4;

/** The days off of the config's `daysOff`: its dates, and the all-day events of the calendars it names (relative to the config file). */
function readDaysOff(list: string[], file: string, env: NodeJS.ProcessEnv): string[] {
  const days = new Set<string>();
  for (const d of list) {
    if (readDayText(d) !== undefined) {
      days.add(d);
      continue;
    }
    const ics = resolveUserPath(d.trim(), path.dirname(file), env);
    let text: string;
    try {
      text = fs.readFileSync(ics, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(`"daysOff" in the config file ${file} names the calendar ${ics}, which cannot be read: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code)}`, `for example: {"daysOff": ${KEYS.daysOff.example}} (a path relative to the config file, or starting with ~)`);
    }
    for (const day of icsDaysOff(text, `the calendar ${ics} (in "daysOff" of ${file})`)) days.add(day);
  }
  return [...days].sort();
}

/** Where the config file is looked for when none is named. */
export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'daybook', 'config.json');
}

/** What to read besides the file itself. */
export interface LoadOptions {
  /**
   * Read the iCalendar files `daysOff` names into its days (the commands
   * that count targets: hours, now, report, serve). Without it they are left
   * out, unread: finding the journal costs no calendar parsing.
   */
  calendars?: boolean;
}

/**
 * Loads and validates the config. A missing default file is an empty config;
 * a missing file that the user named is an error.
 *
 * ```ts
 * loadConfig(undefined, process.env).config.journal; // '/home/me/log' or undefined
 * loadConfig(undefined, process.env, { calendars: true }).config.daysOff; // ['2013-02-11', ...the calendars' days]
 * ```
 */
export function loadConfig(named: string | undefined, env: NodeJS.ProcessEnv, opts: LoadOptions = {}): { path: string; config: Config } {
  const file = named ?? env.DAYBOOK_CONFIG ?? defaultConfigPath(env);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !named && !env.DAYBOOK_CONFIG) return { path: file, config: {} };
    throw new InputError(`cannot read the config file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code)}`, `a config file is JSON, for example: {"journal": "~/log"}`);
  }
  let data: unknown;
  try {
    // A UTF-8 byte order mark (some editors write one) is not part of the JSON.
    data = JSON.parse(raw.startsWith('\uFEFF') ? raw.slice(1) : raw);
  } catch (err) {
    throw new InputError(`the config file ${file} is not valid JSON (${(err as Error).message})`, `expected a JSON object, for example: {"journal": "~/log"}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`the config file ${file} must hold a JSON object, not ${Array.isArray(data) ? 'an array' : JSON.stringify(data)}`, `for example: {"journal": "~/log"}`);
  }
  const config: Config = {};
  for (const [key, value] of Object.entries(data)) {
    // Own keys only: "constructor", "toString", "__proto__" are unknown keys, not Object's.
    const spec = Object.hasOwn(KEYS, key) ? (KEYS as Record<string, KeySpec>)[key] : undefined;
    if (!spec) {
      throw new InputError(`unknown key "${key}" in the config file ${file}`, `known keys: ${Object.entries(KEYS).map(([k, s]) => `"${k}" (${s.describe}, e.g. ${s.example})`).join(', ')}`);
    }
    const wrong = spec.check(value);
    if (wrong !== undefined) {
      throw new InputError(`"${key}" in the config file ${file} must be ${wrong}, not ${JSON.stringify(value)}`, `for example: {"${key}": ${spec.example}}`);
    }
  }
  const d = data as Config;
  if (typeof d.journal === 'string') config.journal = resolveUserPath(d.journal, path.dirname(file), env);
  if (d.target !== undefined) config.target = d.target;
  if (d.daysOff !== undefined) config.daysOff = opts.calendars ? readDaysOff(d.daysOff, file, env) : d.daysOff.filter((x) => readDayText(x) !== undefined);
  if (d.overhead !== undefined) config.overhead = d.overhead;
  if (d.balance !== undefined) config.balance = d.balance;
  if (d.redact !== undefined) config.redact = d.redact;
  if (d.language !== undefined) config.language = d.language;
  if (typeof d.model === 'string') config.model = resolveUserPath(d.model, path.dirname(file), env);
  return { path: file, config };
}

/** Expands `~` and makes a path absolute relative to `base`. */
export function resolveUserPath(p: string, base: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || os.homedir();
  const expanded = p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
  return path.resolve(base, expanded);
}
