/**
 * The web app's API: every `/api/*` route, the query parameters it reads and
 * the JSON it answers, each shape named once. The server's handlers are
 * typed by `ApiRoutes` (src/web/server.ts) and the browser client imports
 * these types (web/client/api.ts), so a server change that breaks the
 * client fails the build.
 *
 * This module has no code and imports only types from modules that have
 * none either (the `shapes.ts` of query, search and hours): the client
 * compiles it with the DOM's types and without Node's.
 */
import type { HoursReport, WorkReport } from '../hours/shapes.js';
import type { PersonRow, ThreadPart, ThreadView, TodoRow, TopicNode } from '../query/shapes.js';
import type { SearchHit, SearchResult } from '../search/shapes.js';

export type { DayAccount, HoursDay, HoursReport, Interval, WorkReport } from '../hours/shapes.js';
export type { PersonRow, ThreadPart, ThreadView, TodoRow, TopicNode } from '../query/shapes.js';
export type { SearchHit, SearchResult, Snippet } from '../search/shapes.js';

/** A line of the timeline. */
export interface TimelineRow {
  id: string;
  moment: string;
  day: string;
  title: string | null;
  gtd: boolean;
  file: string;
  line: number;
}

/** A page of the timeline. */
export interface TimelinePage {
  rows: TimelineRow[];
  offset: number;
  total: number;
}

/** A piece of a line: text, a reference, a URL. */
export type Piece = { text: string } | { text: string; ref: { id: string; item?: string } | { dangling: true } } | { text: string; url: string };

/** A line of an entry as the page shows it. */
export interface ViewLine {
  /** 1-based line in the file. */
  n: number;
  pieces: Piece[];
  kind: 'header' | 'stamp' | 'title' | 'body';
}

/** A clipped mail, as the head of its item. */
export interface ViewMail {
  sender: string;
  address?: string;
  subject: string;
  date?: string;
}

/** An item of the outline: its path, and the lines it covers (indexes into `lines`). */
export interface ViewItem {
  path: string;
  level: number;
  first: number;
  last: number;
  children: ViewItem[];
  mail?: ViewMail;
}

/** One reference to an entry. */
export interface WebBacklink {
  id: string;
  moment: string;
  title: string | null;
  /** The line the reference stands on, trimmed. */
  text: string;
  /** The item path it names, if any. */
  item?: string;
}

/** An entry as its page shows it. */
export interface EntryView {
  id: string;
  moment: string;
  title: string | null;
  file: string;
  line: number;
  gtd: boolean;
  stamps: string[];
  lines: ViewLine[];
  items: ViewItem[];
  thread?: { key: string; part: number; prev?: { id: string; part: number }; next?: { id: string; part: number } };
  backlinks: WebBacklink[];
}

/** A search hit, with the id of its entry's page. */
export interface WebHit extends SearchHit {
  id?: string;
}

/** The hits of a search. */
export interface WebSearchResult extends Omit<SearchResult, 'hits'> {
  hits: WebHit[];
}

/** A part of a thread, with the id of its entry's page when it is present. */
export interface WebThreadPart extends Omit<ThreadPart, 'threads'> {
  id?: string;
  threads: WebThreadView[];
}

/** A thread, its parts and the threads inside them. */
export interface WebThreadView extends Omit<ThreadView, 'parts'> {
  parts: WebThreadPart[];
}

/** A TODO, with the id of its entry's page. */
export interface WebTodo extends TodoRow {
  entry?: string;
}

/** The work report: its data, and the text `daybook report` prints for the same range. */
export interface WebReport extends WorkReport {
  /** Exactly what `daybook report` prints (the title and the outline). */
  text: string;
  /** Exactly what `daybook report --markdown` prints. */
  markdown: string;
}

/** The answer to a request that failed (status 400, 404 or 500). */
export interface ApiError {
  error: string;
  hint?: string;
}

/** Each route (`/api/NAME`): the parameters it reads, and its answer. */
export interface ApiRoutes {
  timeline: { params: 'offset' | 'limit' | 'date'; response: TimelinePage };
  entry: { params: 'id'; response: EntryView };
  search: { params: 'q' | 'limit' | 'topic' | 'thread' | 'since' | 'until' | 'on' | 'todo' | 'gtd' | 'newest' | 'count'; response: WebSearchResult };
  topics: { params: never; response: TopicNode[] };
  threads: { params: never; response: WebThreadView[] };
  todos: { params: 'state'; response: WebTodo[] };
  people: { params: never; response: PersonRow[] };
  /** The last eight weeks unless since/until say otherwise. */
  hours: { params: 'day' | 'week' | 'month' | 'since' | 'until'; response: HoursReport };
  /** A week (`2025-W41`, `last week`), since/until, or the last eight weeks. */
  report: { params: 'week' | 'month' | 'since' | 'until'; response: WebReport };
  version: { params: never; response: { version: number } };
}

/** The name of a route. */
export type ApiRoute = keyof ApiRoutes;
/** The parameters a route reads. */
export type ApiParam<R extends ApiRoute> = ApiRoutes[R]['params'];
/** What a route answers. */
export type ApiResponse<R extends ApiRoute> = ApiRoutes[R]['response'];

/**
 * `/api/events` is a stream of Server-Sent Events, not JSON: `hello` when it
 * opens and `change` when the journal changed, each with the server's
 * version (the number `/api/version` answers) as its data.
 */
export type ApiEvent = 'hello' | 'change';
