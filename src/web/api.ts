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
import type { HoursReport, NowReport, WorkReport } from '../hours/shapes.js';
import type { PersonRow, ThreadPart, ThreadView, TodoRow, TopicNode } from '../query/shapes.js';
import type { SearchHit, SearchResult } from '../search/shapes.js';

export type { DayAccount, HoursDay, HoursReport, Interval, NowReport, WorkReport } from '../hours/shapes.js';
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
  /** Characters of a very long line not sent (past the first 20,000). */
  cut?: number;
  /** A body line that is not prose: quoted mail, a diff's lines, a pasted log or code (shown unwrapped), a TODO. */
  style?: 'quote' | 'diff' | 'added' | 'removed' | 'log' | 'todo' | 'done';
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
  /** The 1-based line of the citing entry's file that holds the reference. */
  line: number;
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
  /** A reference to it in the journal's words, before an item path and the full stop: `see"11:07 2013-2-16"`. */
  reference: string;
  /** Its place in its thread: the parts before and after it, and for a thread's first part the entry that opened the thread. */
  thread?: { key: string; part: number; prev?: { id: string; part: number }; next?: { id: string; part: number }; opener?: string };
  /** The threads it opens (a later entry continues its title with `cont1`), with their first part. */
  opens?: { key: string; first?: { id: string; part: number } }[];
  /** Lines of the entry not sent (past the first `MAX_VIEW_LINES`); `?lines=all` asks for them, up to `MAX_ALL_LINES`. */
  cut?: number;
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

/** A page of a long list: the rows from `offset`, of `total`. */
export interface ListPage<T> {
  rows: T[];
  offset: number;
  total: number;
}

/** A page of the TODOs of one state, oldest first, with the counts of both and the open ones by their entry's first topic. */
export interface TodoPage extends ListPage<WebTodo> {
  open: number;
  done: number;
  topics: { topic: string; open: number }[];
}

/** A topic of the tree; a node with many children sends the most used ones and says how many more it has. */
export interface WebTopicNode extends Omit<TopicNode, 'children'> {
  children: WebTopicNode[];
  more?: number;
}

/** What a `change` event says: the server's new version and the files that changed. */
export interface LiveChange {
  version: number;
  files: string[];
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
  /** `lines=all`: every line of a long entry (up to a bound), not the first few thousand. */
  entry: { params: 'id' | 'lines'; response: EntryView };
  /** `meaning=1`: a search by meaning (the exact hits, then those found through the query's translations). */
  search: { params: 'q' | 'limit' | 'topic' | 'thread' | 'since' | 'until' | 'on' | 'todo' | 'gtd' | 'newest' | 'count' | 'meaning'; response: WebSearchResult };
  /** The top of the topic tree, a page of it. */
  topics: { params: 'offset' | 'limit'; response: ListPage<WebTopicNode> };
  /** The threads, the most recently continued first, a page of them; or (`key`) one thread, wherever it lives. */
  threads: { params: 'offset' | 'limit' | 'key'; response: ListPage<WebThreadView> };
  todos: { params: 'state' | 'offset' | 'limit'; response: TodoPage };
  people: { params: 'offset' | 'limit'; response: ListPage<PersonRow> };
  /** The last eight weeks unless since/until say otherwise. */
  hours: { params: 'day' | 'week' | 'month' | 'since' | 'until'; response: HoursReport };
  /** A week (`2025-W41`, `last week`), since/until, or the last eight weeks. */
  report: { params: 'week' | 'month' | 'since' | 'until'; response: WebReport };
  /** Today so far and the week's balance at the server's clock: what `daybook now --json` prints. */
  now: { params: never; response: NowReport };
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
 * opens, with the server's version (the number `/api/version` answers) as
 * its data, and `change` when the journal changed, with a `LiveChange`.
 */
export type ApiEvent = 'hello' | 'change';
