/**
 * The topic hierarchy of a journal's titles (`storage` > `tidepool` > `wal`),
 * with how many titles reach each topic and the date of the newest, kept up
 * to date title by title.
 */
import { Moment, momentDate } from './moment.js';
import type { Entry } from './types.js';

/** One topic of the tree, with counts. */
export interface TopicCount {
  topic: string;
  entries: number;
  /** The newest date of its entries (`2013-02-28`). */
  last: string;
  children: TopicCount[];
}

/**
 * An entry's day, as the tree counts it: a number for a real moment (its
 * code divided by the minutes of a day, in the order of dates), the date as
 * written for an impossible one, '' without a moment.
 */
export type Day = number | string;

/**
 * Whether a phrase of a title line is a topic: one made only of digits,
 * punctuation and symbols (the `08` of `work report - week 07, 08`) is part
 * of the phrase before it, not a topic of its own. `topics`, the topic tree
 * and the editor's completion all leave such phrases out.
 */
export function isTopicName(name: string): boolean {
  return !/^[\p{N}\p{P}\p{S}\s]*$/u.test(name);
}

/** The day of an entry, as the tree counts it. */
export function dayOf(e: Entry): Day {
  const m = e.moment;
  if (!m) return '';
  return m.valid ? Math.floor(m.code / 1440) : momentDate(m);
}

/** A topic in the hierarchy: how many titles reach it, on which days, and the topics after it. */
interface Place {
  topic: string;
  entries: number;
  dates: Map<Day, number>;
  /** The newest of `dates`, once asked for. */
  last?: string | undefined;
  kids: Map<string, Place>;
}

/**
 * How deep the tree goes: the first topics of a title, at most. Real titles
 * hold up to ten or so; a title of 64,000 phrases would make a tree as deep,
 * that no one can read, that recursion and JSON cannot walk, and that
 * prints indentation of quadratic size.
 */
export const MAX_TREE_DEPTH = 32;

const newPlace = (topic: string): Place => ({ topic, entries: 0, dates: new Map(), kids: new Map() });

/** The hierarchy of topic paths, counted. */
export class TopicTree {
  private readonly root = newPlace('');

  /** Adds (`by` 1) or takes out (-1) one title's topic path, of an entry of `day`. */
  count(names: string[], day: Day, by: 1 | -1): void {
    let place = this.root;
    for (let i = 0; i < names.length && i < MAX_TREE_DEPTH; i++) {
      const name = names[i]!;
      let next = place.kids.get(name);
      if (!next) place.kids.set(name, (next = newPlace(name)));
      next.entries += by;
      const n = (next.dates.get(day) ?? 0) + by;
      if (n > 0) next.dates.set(day, n);
      else next.dates.delete(day);
      next.last = undefined;
      if (next.entries === 0) place.kids.delete(name);
      place = next;
    }
  }

  /** The topics that follow a path (`[]`: the first topics of all titles), most used first. */
  after(path: string[]): TopicCount[] {
    let place = this.root;
    for (const name of path) {
      const next = place.kids.get(name);
      if (!next) return [];
      place = next;
    }
    return level(place, false);
  }

  /** The whole hierarchy, each level sorted as `after` sorts it. */
  all(): TopicCount[] {
    return level(this.root, true);
  }
}

function level(place: Place, deep: boolean): TopicCount[] {
  return [...place.kids.values()].map((p) => ({ topic: p.topic, entries: p.entries, last: lastDate(p), children: deep ? level(p, true) : [] })).sort((a, b) => b.entries - a.entries || a.topic.localeCompare(b.topic));
}

/** The newest date of a place's entries (`2013-02-28`), as the titles' dates compare as text. */
function lastDate(place: Place): string {
  if (place.last === undefined) {
    let day = -1;
    let text = '';
    for (const d of place.dates.keys()) {
      if (typeof d === 'number') {
        if (d > day) day = d;
      } else if (d > text) text = d;
    }
    const real = day >= 0 ? momentDate(Moment.fromCode(day * 1440)) : '';
    place.last = real > text ? real : text;
  }
  return place.last;
}
