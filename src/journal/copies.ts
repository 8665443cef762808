/**
 * Conflict copies that file-syncing tools leave beside a file both machines
 * changed: Syncthing's `NAME.sync-conflict-20251001-101010-ABCDEFG.txt`,
 * Dropbox's `NAME (conflicted copy 2025-10-01).txt` and
 * `NAME (laptop's conflicted copy 2025-10-01).txt`. They are not part of the
 * journal (their entries would count twice): `check` lists them, and
 * `daybook resolve` merges one back.
 */
import path from 'node:path';

const SYNCTHING = /^(.*)\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]+)?(\.[^.]*)?$/;
const DROPBOX = /^(.*) \((?:[^()]*'s )?conflicted copy(?: [^()]*)?\)(\.[^.]*)?$/;

/** The file a conflict copy is a copy of (same directory), or undefined when the name is not a copy's. */
export function originalOf(copy: string): string | undefined {
  const name = path.basename(copy);
  const m = SYNCTHING.exec(name) ?? DROPBOX.exec(name);
  if (!m || !m[1]) return undefined;
  return path.join(path.dirname(copy), m[1] + (m[2] ?? ''));
}
