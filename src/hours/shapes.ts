/**
 * The shapes of the hours and the work report, as plain data (minutes
 * throughout). This module has no imports and no code: the web client's
 * types come from here too (through src/web/api.ts), compiled without
 * Node's types.
 */

/**
 * How a week's (and a month's) balance adds up the days: `carry` offsets
 * overtime against shortfalls (a day 2 h over makes up a day 2 h short);
 * `shortfall` adds up only what is short, as the sample's author counts
 * ("this week short 3+1+3.5=7.5 hours"): overtime is shown, not offset.
 */
export type BalancePolicy = 'carry' | 'shortfall';

/** A finding about a day's figures, with where it was written. */
export interface HoursNote {
  /** Character offset in the file. */
  at: number;
  message: string;
}

/** One interval that went into a figure, for `--explain` and the exports. */
export interface Interval {
  /** Minutes from the day's midnight (may pass 1440 for a span into the next day). */
  start: number;
  end: number;
  /** The task's number, or 0 for a session. */
  task: number;
  text: string;
  /** A span written without an end, counted until now (on the current day only). */
  open?: true;
}

/** A day's figures, in minutes. */
export interface DayAccount {
  date: string;
  presence: number;
  logged: number;
  focus: number;
  /** The union of the task spans alone (what a time tracker can hold as intervals). */
  spanned: number;
  sessions: Interval[];
  /** Task spans as counted (open ones closed at now on the current day). */
  spans: Interval[];
  /** Task durations counted (tasks with no span). */
  durations: { task: number; minutes: number; text: string }[];
  timeOff: number;
  notes: HoursNote[];
}

/** One day of the range. */
export interface HoursDay {
  date: string;
  weekday: string;
  /** ISO week, `2013-W06`. */
  week: string;
  /** The day's GTD entries (usually one); none means nothing was logged, and no target is counted. */
  entries: { file: string; line: number }[];
  account?: DayAccount;
  /** Minutes. */
  target: number;
  /** focus - target, in minutes; undefined for a day with no GTD entry. */
  diff?: number;
  /** Running sums of `diff` over the ISO week and over the month (from their first day, whatever the range), up to this day; under the `shortfall` policy only the days short count (overtime adds nothing). */
  weekBalance: number;
  monthBalance: number;
  notes: (HoursNote & { file: string; line: number })[];
}

/** The days of a range, and the sums of each week that holds one of them (of the whole week, shown or not). */
export interface HoursReport {
  /** How the balances add up the days (the config's `balance`). */
  policy: BalancePolicy;
  days: HoursDay[];
  /** `balance` is the sum of the days' `diff` (carry) or minus the sum of `short` (shortfall). */
  weeks: { week: string; presence: number; logged: number; focus: number; target: number; short: number[]; over: number[]; balance: number }[];
}

/**
 * One point of a report's section: its words and where they came from, as a
 * reference in the journal's style (`see"14:14 2013-2-27"6.`) and as fields.
 */
export interface ReportPoint {
  /** Its words, on one line, without a closing full stop. */
  text: string;
  /** Minutes of GTD tasks counted for it, and on how many days, when tasks were. For a day short of its target: the day's focus. */
  minutes?: number;
  days?: number;
  /** A day short of its target: the target and what is short, in minutes. */
  target?: number;
  short?: number;
  /** The first day after the range that it went on (a later part, an item stamped then), `2013-03-04`. */
  goesOn?: string;
  /** The reference that ends the point: `see"14:14 2013-2-27"6.` */
  ref: string;
  /** The moment and item path it names, `14:14 2013-2-27` and `6`, and where that entry is. */
  moment: string;
  path?: string;
  file: string;
  line: number;
}

/** A piece of work's hours: its name (a thread, a title, a task's words), its tasks' minutes, and where it is. */
export interface WorkPiece {
  name: string;
  minutes: number;
  tasks: number;
  ref: string;
  moment: string;
  path?: string;
  file: string;
  line: number;
}

/** What a report's range says, sorted: done, in progress, next, problems. */
export interface ReportSections {
  done: ReportPoint[];
  inProgress: ReportPoint[];
  next: ReportPoint[];
  problems: ReportPoint[];
  /** The points a section holds beyond the first 200, counted, when there are any: `{"next": 9829}`. */
  more?: Partial<Record<'done' | 'inProgress' | 'next' | 'problems', number>>;
}

/** The weekly work report's data (also its JSON). */
export interface WorkReport {
  sections: ReportSections;
  /** The range's GTD entries, as references: where the balance comes from. */
  gtdDays: { date: string; ref: string; moment: string; file: string; line: number }[];
  from: string;
  to: string;
  focus: number;
  target: number;
  /** How `balance` adds up the days (the config's `balance`). */
  policy: BalancePolicy;
  /** Minutes: the days' focus less their target, summed (carry), or minus the sum of the days' shortfalls (shortfall). */
  balance: number;
  /** Each day's shortfall, in minutes, in day order. */
  short: number[];
  /** The hours by piece of work (a thread, a titled entry, or a task that refers to none), with the reference of each. */
  groups: WorkPiece[];
  topics: { name: string; minutes: number }[];
  /** The tasks that go to no topic (no reference, or one to an untitled entry): said, not left out of the by-topic sums. */
  noTopic: { minutes: number; tasks: number };
  tasks: { date: string; minutes: number; text: string; group: string }[];
  entries: { moment: string; title: string | null; file: string; line: number }[];
  todos: { state: 'open' | 'done'; text: string; moment: string }[];
  summaries: { date: string; text: string }[];
}

/** A stand-up: yesterday (the last day before today with entries) and today, and the problems of both. */
export interface StandupReport {
  date: string;
  yesterday: { date: string | null; points: ReportPoint[] };
  today: { date: string; points: ReportPoint[] };
  problems: ReportPoint[];
}

/**
 * Where the user stands now (`daybook now`, `/api/now`): today so far,
 * counting open sessions and task spans until now, what is left to the
 * day's target and when it is reached at today's pace, and the week's
 * balance as of yesterday and with today. Minutes throughout.
 */
export interface NowReport {
  /** The clock's moment, `2013-02-22 16:00`. */
  now: string;
  date: string;
  weekday: string;
  /** ISO week, `2013-W08`. */
  week: string;
  policy: BalancePolicy;
  /** Today's GTD entries; none means nothing is counted yet today. */
  entries: { file: string; line: number }[];
  presence: number;
  logged: number;
  focus: number;
  target: number;
  /** What is left to the target (0 when it is reached). */
  left: number;
  /** The sessions and task spans still open, counted until now. */
  open: Interval[];
  /** Focus per minute of presence today (at most 1); 1, and `paceAssumed`, when today gives nothing to go by. */
  pace: number;
  paceAssumed: boolean;
  /** When the target is reached at that pace, in minutes from today's midnight (past 1440: tomorrow), and written `17:14`; null when it is reached. */
  reachedAt: number | null;
  reachedAtText: string | null;
  /** The week's balance (by the policy) up to yesterday, and with today as it stands now. */
  weekBalanceBefore: number;
  weekBalance: number;
  notes: (HoursNote & { file: string; line: number })[];
}

/** A row of the timesheet (`daybook export csv`): one task span or duration. */
export interface TimesheetRow {
  date: string;
  /** `HH:MM` local, '' for a duration (no time of day); an end before the start is the next day. */
  start: string;
  end: string;
  minutes: number;
  /** The task's text, without its references. */
  task: string;
  /** The thread (or title) of the entry the task's first reference names; '' without one. */
  thread: string;
  /** The topics of the entries the task's references name, `a, b`. */
  topics: string;
  /** Where the task is written: its GTD entry and item, `see"13:30 2013-2-22"1.1`. */
  reference: string;
}
