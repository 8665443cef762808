/**
 * Durations as a user types them (`gtd task --took`), read into minutes and
 * written the way the journal writes them (FORMAT.md section 6: `2h`,
 * `2.5h`, `30'`).
 *
 * Taken: `90m`, `90min`, `1h30`, `1h30m`, `1.5h`, `2h`, `30'`. Refused: no
 * unit (`90`), nothing (`0m`), more than a day (`25h`), other words.
 *
 * ```ts
 * readDuration('1h30', '--took'); // { minutes: 90, written: '1.5h' }
 * readDuration("30'", '--took'); // { minutes: 30, written: "30'" }
 * ```
 */
import { InputError } from '../errors.js';

/** A duration read: its minutes and how the journal writes it. */
export interface TypedDuration {
  minutes: number;
  /** As the journal writes it: `2h`, `1.5h` (tenths of an hour), else minutes `45'`. */
  written: string;
}

const DAY_MINUTES = 24 * 60;

/** How the journal writes a number of minutes: whole or tenths of hours as `Nh`, else `N'`. */
export function writtenDuration(minutes: number): string {
  if (minutes >= 60 && minutes % 6 === 0) return `${minutes / 60}h`;
  return `${minutes}'`;
}

/** Reads a typed duration; refuses anything else with the forms it takes. */
export function readDuration(text: string, flag: string): TypedDuration {
  const s = text.trim().toLowerCase();
  const hint = `expected a duration of at most 24 hours: ${flag} 90m, ${flag} 1h30, ${flag} 1.5h, ${flag} 2h or ${flag} 30'`;
  const bad = (why: string) => new InputError(`${flag} ${JSON.stringify(text)}: ${why}`, hint);
  let minutes: number | undefined;
  let m = /^(\d{1,4}(?:\.\d{1,3})?)h$/.exec(s);
  if (m) minutes = Number(m[1]) * 60;
  if (minutes === undefined && (m = /^(\d{1,5})(?:'|m|min|mins|minutes?)$/.exec(s))) minutes = Number(m[1]);
  if (minutes === undefined && (m = /^(\d{1,4})h ?(\d{1,2})(?:m|min|')?$/.exec(s))) {
    if (Number(m[2]) > 59) throw bad(`${m[2]} minutes is not a minute of an hour (0 to 59)`);
    minutes = Number(m[1]) * 60 + Number(m[2]);
  }
  if (minutes === undefined) throw bad(/^\d+(\.\d+)?$/.test(s) ? 'a number without a unit (hours or minutes?)' : 'not a duration daybook knows');
  if (!Number.isInteger(minutes)) throw bad('not a whole number of minutes');
  if (minutes === 0) throw bad('no time at all');
  if (minutes > DAY_MINUTES) throw bad('more than a day (24 hours); a day holds at most 24');
  return { minutes, written: /^\d+(\.\d+)?h$|^\d+'$/.test(s) ? s : writtenDuration(minutes) };
}
