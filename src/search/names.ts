/**
 * Names for shell completion, from the index (no pass over the journal):
 * thread keys, topics, and the moments of the newest entries.
 */
import type Database from 'better-sqlite3';
import { threadKeys } from './run.js';

/** How many names completion offers at most. */
const MAX_NAMES = 200;

/** Thread keys that start with `prefix` (ignoring case), or whose last phrases do: `fsync` finds `storage, wal, fsync latency`. */
export function threadNames(db: Database.Database, prefix: string): string[] {
  const p = prefix.toLowerCase();
  const out = new Set<string>();
  for (const key of threadKeys(db).sort()) {
    const k = key.toLowerCase();
    if (k.startsWith(p)) out.add(key);
    else {
      // The phrases a key ends with, as `thread` takes them: `fsync latency`, `wal, fsync latency`.
      const tokens = key.split(/(, | \/ )/);
      for (let i = tokens.length - 1; i > 0 && p !== ''; i -= 2) {
        const end = tokens.slice(i).join('');
        if (end.toLowerCase().startsWith(p)) out.add(end);
      }
    }
    if (out.size >= MAX_NAMES) break;
  }
  return [...out];
}

/** Topics that start with `prefix` (ignoring case), most used first; at most `limit`. */
export function topicNames(db: Database.Database, prefix: string, limit = MAX_NAMES): string[] {
  const rows = db.prepare("SELECT tn.name, count(*) AS n FROM main.topic_name tn JOIN main.topic t ON t.name_id = tn.id WHERE tn.name LIKE ? ESCAPE '\\' GROUP BY tn.id ORDER BY n DESC, tn.name LIMIT ?").raw().all(`${prefix.replace(/[\\%_]/g, '\\$&')}%`, limit) as [string, number][];
  return rows.map((r) => r[0]);
}

const two = (s: string) => s.padStart(2, '0');

/** The moments of the newest entries in ISO 8601 (`2013-02-16T11:07`, which every REF argument takes), newest first. */
export function recentMoments(db: Database.Database, count = 20): string[] {
  const rows = db.prepare('SELECT DISTINCT header FROM main.entry WHERE moment >= 0 ORDER BY moment DESC LIMIT ?').raw().all(Math.min(count, MAX_NAMES)) as [string][];
  return rows.flatMap(([header]) => {
    const m = /^(\d{1,2}):(\d{2}) (\d{4})-(\d{1,2})-(\d{1,2})/.exec(header.trim());
    return m ? [`${m[3]}-${two(m[4]!)}-${two(m[5]!)}T${two(m[1]!)}:${m[2]}`] : [];
  });
}
