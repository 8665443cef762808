/**
 * A race between daybook's writers and an editor saving the same file: the
 * editor is a real second process that, every few milliseconds, reads the
 * file again (as editors that watch for changes on disk do), adds a marker
 * line of its own and saves, either in place (truncate, then write: nano,
 * VS Code, vim with backupcopy=yes) or by rename (vim's default). Meanwhile
 * several daybook processes write: appends (written in place) and insertions
 * in the middle (written by rename). Used short by the test suite and long by
 * `npm run stress`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How the editor saves. */
export type SaveMode = 'in-place' | 'rename';

/** What a race found. */
export interface RaceResult {
  mode: SaveMode;
  /** Editor saves, each adding one marker. */
  saves: number;
  /** Editor saves that began while a daybook write was under way. */
  collisions: number;
  /** Writes daybook reported done, and those it refused (with their messages). */
  written: number;
  refused: string[];
  /** Writes daybook did again because the editor saved over them. */
  redone: number;
  /** Markers and reported writes not in the file exactly once: each must be empty. */
  markersNotOnce: string[];
  writesNotOnce: string[];
  /** Refused writes that are in the file anyway. */
  refusedButThere: string[];
}

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const url = (p: string) => JSON.stringify(pathToFileURL(path.join(DIST, p)).href);

const WRITER = `
import { editFile } from ${url('src/write/edit.js')};
import { appendEntry } from ${url('src/write/append.js')};
const [file, id, count] = process.argv.slice(1);
const anchor = Buffer.from('1, anchor\\n');
const log = [];
for (let i = 1; i <= Number(count); i++) {
  const insert = i % 3 === 0;
  const tag = 'w' + id + '-' + i;
  const t0 = Date.now();
  try {
    const r = editFile(file, 'journal.txt', (s) => {
      if (!insert) return [appendEntry(s, ['10:00 2024-01-01', 'race', '1, entry ' + tag])];
      const at = s.bytes.indexOf(anchor) + anchor.length;
      return [{ from: at, to: at, text: '1), inserted ' + tag + '\\n' }];
    });
    log.push({ line: insert ? '1), inserted ' + tag : '1, entry ' + tag, ok: true, t0, t1: Date.now(), redone: r.redone });
  } catch (e) {
    log.push({ line: insert ? '1), inserted ' + tag : '1, entry ' + tag, ok: false, t0, t1: Date.now(), error: String(e.message) });
  }
}
process.stdout.write(JSON.stringify(log));
`;

const EDITOR = `
import fs from 'node:fs';
const [file, mode, stop] = process.argv.slice(1);
const pause = new Int32Array(new SharedArrayBuffer(4));
const saves = [];
for (let n = 1; !fs.existsSync(stop); n++) {
  Atomics.wait(pause, 0, 0, 1 + Math.random() * 4);
  let text = fs.readFileSync(file, 'utf8');
  if (text !== '' && !text.endsWith('\\n')) text += '\\n';
  const data = text + 'editor marker ' + n + '\\n';
  const t0 = Date.now();
  if (mode === 'in-place') fs.writeFileSync(file, data);
  else {
    fs.writeFileSync(file + '.editor-tmp', data);
    fs.renameSync(file + '.editor-tmp', file);
  }
  saves.push(t0);
}
process.stdout.write(JSON.stringify(saves));
`;

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`a race process exited with ${code}`))));
  });
}

interface WriteLog {
  line: string;
  ok: boolean;
  t0: number;
  t1: number;
  redone?: number;
  error?: string;
}

/** Runs one race in a fresh temp directory and counts what is in the file at the end. */
export async function race(mode: SaveMode, writers: number, writesEach: number): Promise<RaceResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-race-'));
  try {
    const file = path.join(dir, 'journal.txt');
    const stop = path.join(dir, 'stop');
    fs.writeFileSync(file, '9:00 2024-01-01\nrace\n1, anchor\n');
    const editor = run([EDITOR, file, mode, stop]);
    const logs = await Promise.all(Array.from({ length: writers }, (_, i) => run([WRITER, file, String(i + 1), String(writesEach)])));
    fs.writeFileSync(stop, '');
    const saves = JSON.parse(await editor) as number[];
    const writes = logs.flatMap((l) => JSON.parse(l) as WriteLog[]);
    const lines = new Map<string, number>();
    for (const l of fs.readFileSync(file, 'utf8').split('\n')) lines.set(l, (lines.get(l) ?? 0) + 1);
    const once = (l: string) => lines.get(l) === 1;
    const times = (l: string) => `${l} (${lines.get(l) ?? 0} times)`;
    return {
      mode,
      saves: saves.length,
      collisions: saves.filter((t) => writes.some((w) => t >= w.t0 && t <= w.t1)).length,
      written: writes.filter((w) => w.ok).length,
      refused: writes.filter((w) => !w.ok).map((w) => w.error ?? ''),
      redone: writes.reduce((n, w) => n + (w.redone ?? 0), 0),
      markersNotOnce: saves.map((_, i) => `editor marker ${i + 1}`).filter((l) => !once(l)).map(times),
      writesNotOnce: writes.filter((w) => w.ok && !once(w.line)).map((w) => times(w.line)),
      refusedButThere: writes.filter((w) => !w.ok && lines.has(w.line)).map((w) => w.line),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
