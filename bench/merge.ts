/**
 * `npm run bench` (its merge part): merging two versions of a 30 MB journal,
 * each with 100 entries added and 20 changed since the base, the way git runs
 * the driver (`daybook merge BASE OURS THEIRS`, a whole process), and the
 * merge in process; next to `git merge-file` (a line merge, which leaves both
 * sides' appends in conflict) on the same files, in the same run.
 * DAYBOOK_BENCH_MERGE_MB sets the size, DAYBOOK_BENCH_RUNS the runs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeJournal, mergeWhole } from '../src/sync/merge.js';
import { generateJournal } from './generate.js';

const mb = Number(process.env.DAYBOOK_BENCH_MERGE_MB ?? 30);
const runs = Number(process.env.DAYBOOK_BENCH_RUNS ?? 5);
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'daybook.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-bench-merge-'));
try {
  const basePath = path.join(dir, 'base.txt');
  const { entries } = generateJournal(basePath, mb * 1024 * 1024, 7);
  const base = fs.readFileSync(basePath, 'latin1');
  // Entries start after a blank line with a header; the generator writes them in time order.
  const starts = [...base.matchAll(/\n\n(?=\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\n)/g)].map((m) => m.index! + 2);
  const side = (name: string, offset: number, minute: number): string => {
    // 20 entries changed (a line added at their end), spread over the file.
    const changed = new Set(Array.from({ length: 20 }, (_, i) => starts[Math.floor(((i + offset / 40) * starts.length) / 20)]!));
    let out = '';
    let at = 0;
    for (const s of [...changed].sort((a, b) => a - b)) {
      out += base.slice(at, s - 2) + `\n1, (${name}) a line added on this machine ${s}` ;
      at = s - 2;
    }
    out += base.slice(at);
    for (let i = 0; i < 100; i++) out += `\n${10 + Math.floor((minute + i * 2) / 60) % 12}:${String((minute + i * 2) % 60).padStart(2, '0')} 2099-12-${String(1 + (i % 28)).padStart(2, '0')}\n${name}, bench\n1, entry ${i} written on the ${name} machine\n`;
    return out;
  };
  const oursText = side('laptop', 0, 0);
  const theirsText = side('desktop', 13, 1);
  const files = { base: basePath, ours: path.join(dir, 'ours.txt'), theirs: path.join(dir, 'theirs.txt'), work: path.join(dir, 'work.txt') };
  fs.writeFileSync(files.ours, oursText, 'latin1');
  fs.writeFileSync(files.theirs, theirsText, 'latin1');
  const [b, o, t] = [files.base, files.ours, files.theirs].map((f) => fs.readFileSync(f));

  const inProcess: number[] = [];
  const driver: number[] = [];
  const gitFile: number[] = [];
  let check = mergeJournal(b!, o!, t!);
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    check = mergeJournal(b!, o!, t!);
    inProcess.push(performance.now() - t0);
    fs.copyFileSync(files.ours, files.work);
    t0 = performance.now();
    const d = spawnSync(process.execPath, [bin, 'merge', files.base, files.work, files.theirs]);
    driver.push(performance.now() - t0);
    if (d.status !== 0) throw new Error(`daybook merge exited ${d.status}: ${d.stderr}`);
    t0 = performance.now();
    const g = spawnSync('git', ['merge-file', '-p', files.ours, files.base, files.theirs], { maxBuffer: 1 << 30 });
    gitFile.push(performance.now() - t0);
    if (g.error) throw g.error;
  }
  const clean = check.conflicts.length === 0 && check.added.ours.length === 100 && check.added.theirs.length === 100;
  const written = fs.readFileSync(files.work);
  const merged = written.toString('latin1');
  const changes = (merged.match(/\(laptop\) a line added|\(desktop\) a line added/g) ?? []).length;
  // The reference: the same merge with the three versions cut whole, once.
  const whole = mergeWhole(b!, o!, t!);
  const same = whole.bytes.equals(written) && whole.bytes.equals(check.bytes);
  const size = (b!.length / 1024 / 1024).toFixed(1);
  const [d, p, g] = [median(driver), median(inProcess), median(gitFile)];
  console.log(`merge: a ${size} MB journal of ${entries} entries, each side 100 entries added and 20 changed; ${runs} runs, medians; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  console.log(`  result: ${clean ? 'clean' : 'NOT CLEAN'}, ${check.added.ours.length + check.added.theirs.length} entries added, ${changes} of 40 changes in the file the driver wrote; ${same ? 'the same bytes as' : 'NOT THE SAME BYTES AS'} the merge of the whole files`);
  console.log(`  daybook merge (whole process, as git runs it): ${d.toFixed(0)} ms  (target: under 1000 ms)`);
  console.log(`  the merge in process:                          ${p.toFixed(0)} ms`);
  console.log(`  git merge-file on the same files (a line merge): ${g.toFixed(0)} ms; daybook merge / git merge-file = ${(d / g).toFixed(2)}, in process / git merge-file = ${(p / g).toFixed(2)}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
