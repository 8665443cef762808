/**
 * `topics` and `people`: what the title lines and the clipped mails name,
 * with counts and the date of last use.
 */
import { readDetail } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { momentDate } from '../model/moment.js';
import { isTopicName } from '../model/topic-tree.js';
import type { PersonRow, TopicNode, TopicRow } from './shapes.js';

import { NotFoundError } from '../errors.js';
import { didYouMean } from './nearest.js';

export type { PersonRow, TopicNode, TopicRow };

/**
 * The topics of all title lines (and `;` qualifiers), most used first. With a
 * prefix, only the topics that start with it (case-insensitive).
 */
export function listTopics(journal: Journal, prefix = ''): TopicRow[] {
  const rows = new Map<string, TopicRow>();
  const p = prefix.toLowerCase();
  forEachTitle(journal, (names, date) => {
    for (const name of new Set(names)) {
      if (!name.toLowerCase().startsWith(p)) continue;
      const row = rows.get(name) ?? { topic: name, entries: 0, last: date };
      row.entries++;
      if (date > row.last) row.last = date;
      rows.set(name, row);
    }
  });
  return [...rows.values()].sort((a, b) => b.entries - a.entries || a.topic.localeCompare(b.topic));
}

/**
 * Refuses a topic no title holds (case-insensitive), with the nearest ones;
 * `--topic` of `todo` calls it, so that a typo is not an empty list.
 *
 * ```ts
 * requireTopic(journal, 'storag'); // throws: no entry has the topic "storag"; did you mean "storage"?
 * ```
 */
export function requireTopic(journal: Journal, topic: string): void {
  const all = listTopics(journal).map((r) => r.topic);
  const wanted = topic.trim().toLowerCase();
  if (all.some((t) => t.toLowerCase() === wanted)) return;
  const near = didYouMean(topic, all);
  throw new NotFoundError(`no entry has the topic "${topic.trim()}"${near ? `; ${near}` : ''}`, `"daybook topics" lists the topics, e.g. daybook todo --topic ${JSON.stringify(all[0] ?? 'storage')}`);
}

/**
 * The topic hierarchy: each title line is a path (`storage, tidepool, wal`),
 * as the journal keeps it (the editor's completions read the same tree).
 * With a prefix path (`storage, tidepool`), the subtree below it.
 */
export function topicTree(journal: Journal, prefix = ''): TopicNode[] {
  let nodes: TopicNode[] = journal.topicTree();
  const path = prefix.split(',').map((s) => s.trim()).filter(Boolean);
  path.forEach((part, i) => {
    const next = nodes.find((n) => n.topic.toLowerCase() === part.toLowerCase());
    nodes = !next ? [] : i === path.length - 1 ? [next] : next.children;
  });
  return nodes;
}

/**
 * The people the journal names: senders of clipped mails, and title topics
 * that look like a person's name (two or three capitalised words: `Shawn Chang`).
 */
export function listPeople(journal: Journal): PersonRow[] {
  const rows = new Map<string, PersonRow>();
  const row = (name: string, date: string): PersonRow => {
    const key = name.toLowerCase();
    const r = rows.get(key) ?? { name, mails: 0, entries: 0, last: date };
    if (date > r.last) r.last = date;
    rows.set(key, r);
    return r;
  };
  journal.forEachNaming((entry, senders, people) => {
    const date = entry.moment ? momentDate(entry.moment) : '';
    for (const sender of senders) if (sender) row(sender, date).mails++;
    for (const name of people) row(name, date).entries++;
  });
  return [...rows.values()].sort((a, b) => b.mails + b.entries - (a.mails + a.entries) || a.name.localeCompare(b.name));
}

function forEachTitle(journal: Journal, visit: (names: string[], date: string) => void): void {
  for (const entry of journal.entries) {
    if (entry.untitled || entry.isGtd) continue;
    const detail = readDetail(entry);
    const names = [...detail.topics, ...detail.qualifiers].map((t) => t.name).filter(isTopicName);
    if (names.length > 0) visit(names, entry.moment ? momentDate(entry.moment) : '');
  }
}
