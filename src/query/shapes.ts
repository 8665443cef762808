/**
 * The shapes of what the queries return, as plain data. This module has no
 * imports and no code: the web client's types come from here too (through
 * src/web/api.ts), compiled without Node's types.
 */

/** One part of a thread as shown. */
export interface ThreadPart {
  /** The part number; 0 for the entry that opened the thread. */
  part: number;
  /** False for a part this journal does not have (older files may hold it). */
  present: boolean;
  /** For a run of missing parts, the last of them: parts `part` to `to` are all missing. */
  to?: number;
  moment?: string;
  file?: string;
  line?: number;
  subtitle?: string;
  /** Threads that live inside this part. */
  threads: ThreadView[];
}

/** A thread as `daybook thread` shows it. */
export interface ThreadView {
  key: string;
  parent?: { key: string; part: number };
  parts: ThreadPart[];
  /** The number the next part takes: `cont5`. */
  next: number;
}

/** One TODO as listed. */
export interface TodoRow {
  /** What `daybook todo done ID` takes: the entry's moment and the marker's place among its TODOs (`20130216-1107.2`). */
  id: string;
  state: 'open' | 'done';
  text: string;
  file: string;
  line: number;
  /** The entry's moment. */
  moment: string;
  title?: string;
  /** Whole days from the entry's date to `today`. */
  ageDays: number;
}

/** A topic phrase and how often titles use it. */
export interface TopicRow {
  topic: string;
  entries: number;
  /** The date of the newest entry with it: `2013-02-28`. */
  last: string;
}

/** A node of the topic hierarchy: titles are paths, general to specific. */
export interface TopicNode extends TopicRow {
  children: TopicNode[];
}

/** Someone the journal names: a mail's sender or a topic that is a person's name. */
export interface PersonRow {
  name: string;
  mails: number;
  /** Entries whose title names the person. */
  entries: number;
  last: string;
}

/** `gtd status`: today's GTD day and what is open now (minutes throughout). */
export interface GtdStatus {
  /** The clock's day, `2025-10-06`. */
  date: string;
  /** The clock's moment, `2025-10-06 09:30`. */
  now: string;
  /** Today's GTD entry (the last, if several); null when there is none. */
  entry: { file: string; line: number } | null;
  /** The sessions of the `0, ` line, as written in normal form: `9:10-12:00`, `13:40-`. */
  sessions: string[];
  openSession: string | null;
  tasks: { number: number; line: number; times: string[]; open: boolean; text: string }[];
  openTasks: { number: number; line: number; times: string[]; open: boolean; text: string }[];
  presenceMinutes: number;
  loggedMinutes: number;
  focusMinutes: number;
  targetMinutes: number;
}

/** An entry as `last` and `today` list it. */
export interface EntryRow {
  /** `2025-11-05 11:30`. */
  moment: string;
  title: string | null;
  gtd: boolean;
  file: string;
  line: number;
}
