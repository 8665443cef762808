/**
 * Start-up cost of the read commands (issue 20): on a generated journal of
 * 20 MB (DAYBOOK_BENCH_STARTUP_MB) with its index ready, the whole process
 * of `search`, `show`, `backlinks`, `todo`, `hours --week`, `thread`,
 * `last` and `completion` (one TAB), next to an empty `node` process and to
 * `daybook --version` (Node's start and daybook's own loading), in the same
 * run. Target: every read command under 150 ms.
 *
 * Then the hours commands on the sample journal (issue 17: each under 300 ms
 * whole process): now, hours, report, the stand-up, the timesheet, check;
 * skipped, with a message, without ../shared beside the checkout.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateJournal } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', 'bin', 'daybook.js');
const mb = Number(process.env.DAYBOOK_BENCH_STARTUP_MB ?? 20);
const runs = Number(process.env.DAYBOOK_BENCH_RUNS ?? 5);
const MB = 1024 * 1024;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Times each command as a whole process (the first, with no arguments, is `node -e 0`; arguments starting with -e are node's own), printing the median and the ratio to the first. */
function measure(commands: [string, string[]][], env: NodeJS.ProcessEnv): void {
  let base = 0;
  for (const [name, args] of commands) {
    const times: number[] = [];
    let status: number | null = 0;
    for (let i = 0; i < runs + 1; i++) {
      const t = performance.now();
      const r = args.length === 0 ? spawnSync(process.execPath, ['-e', '0']) : spawnSync(process.execPath, args[0] === '-e' ? args : [bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      if (i > 0) times.push(performance.now() - t);
      status = r.status;
    }
    const m = median(times);
    base ||= m;
    console.log(`${name.padEnd(40)} ${m.toFixed(0).padStart(6)} ms   ${(m / base).toFixed(1).padStart(5)}x node${status !== 0 && status !== 1 ? `   (exit ${status})` : ''}`);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-bench-startup-'));
try {
  const file = path.join(dir, 'journal.txt');
  const gen = generateJournal(file, mb * MB);
  const index = path.join(dir, 'index.sqlite');
  const env = { ...process.env, HOME: dir, XDG_CACHE_HOME: dir, DAYBOOK_PAGER: '', DAYBOOK_INDEX: index, DAYBOOK_JOURNAL: file, DAYBOOK_NOW: '2099-12-31 12:00' };
  execFileSync(process.execPath, [bin, 'index'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  // A moment, a thread and a week the generated journal has.
  const text = fs.readFileSync(file, 'utf8');
  const header = /\n(\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2})\n/.exec(text.slice(text.length >> 1))![1]!;
  const moment = header;
  const threadTitle = /\n\d{1,2}:\d{2} \d{4}-\d{1,2}-\d{1,2}\n(.+?), cont\d+\n/.exec(text.slice(text.length >> 1))![1]!;
  const week = /(\d{4}-\d{1,2}-\d{1,2})/.exec(header)![1]!;
  const word = gen.latin[300]!;
  const commands: [string, string[]][] = [
    ['node -e 0 (empty process)', []],
    // The least a command that answers from the index can take here: Node, better-sqlite3 loaded, the index opened, one row read.
    ['node + better-sqlite3, one row of the index', ['-e', `const D = require(${JSON.stringify(path.resolve(here, '..', '..', 'node_modules', 'better-sqlite3'))}); new D(${JSON.stringify(index)}, { readonly: true }).prepare('SELECT * FROM entry WHERE moment = (SELECT max(moment) FROM entry)').get()`]],
    ['daybook --version', ['--version']],
    [`search ${word}`, ['search', word]],
    [`show "${moment}"`, ['show', moment]],
    [`backlinks "${moment}"`, ['backlinks', moment]],
    ['todo', ['todo']],
    [`hours --week ${week}`, ['hours', '--week', week]],
    ['thread (a name)', ['thread', threadTitle]],
    ['last 10', ['last', '10']],
    ['completion: daybook thread <TAB>', ['completion', '--line=daybook thread ', '--word=']],
  ];
  console.log(`start-up benchmark: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${(gen.bytes / MB).toFixed(0)} MB journal, ${gen.entries} entries, index ready; median of ${runs} whole processes (target: under 150 ms)`);
  measure(commands, env);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const sample = path.resolve(here, '..', '..', '..', 'shared', 'seeds', '000_1af2e139d1c0aee5.txt');
if (!fs.existsSync(sample)) console.log(`\nthe sample journal is not at ${sample}: its hours commands are not measured`);
else {
  // An empty config: the user's own (a calendar of days off, say) is not what is measured.
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daybook-bench-sample-')), 'config.json');
  fs.writeFileSync(config, '{}');
  const env = { ...process.env, DAYBOOK_PAGER: '', DAYBOOK_NOW: '2013-02-22 16:00', DAYBOOK_CONFIG: config };
  const commands: [string, string[]][] = [
    ['node -e 0 (empty process)', []],
    ['now', ['now', '--journal', sample]],
    ['hours --week 2013-W08', ['hours', '--week', '2013-W08', '--journal', sample]],
    ['report --week 2013-W08', ['report', '--week', '2013-W08', '--journal', sample]],
    ['report --standup', ['report', '--standup', '--journal', sample]],
    ['export csv', ['export', 'csv', '--journal', sample]],
    ['check', ['check', sample]],
  ];
  console.log(`\nthe sample journal (${(fs.statSync(sample).size / 1024).toFixed(0)} KB): median of ${runs} whole processes (target: under 300 ms)`);
  measure(commands, env);
}
