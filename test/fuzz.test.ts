/**
 * The fuzz test: mutated and random journals (byte flips, truncation, line
 * duplication, huge numbers in every numeric field, NUL, CR, BOM, invalid
 * UTF-8, long lines, deep outlines, nested threads, many TODOs and
 * references) through every read command, each input bounded in time. A
 * crash, a stack trace, an exit code other than 0/1/2, output out of
 * proportion to the input or a time past the bound fails the test, with the
 * input saved to a file named in the message.
 *
 * `npm test` runs a few hundred inputs; `npm run fuzz` runs 10,000
 * (DAYBOOK_FUZZ=N sets the count, DAYBOOK_FUZZ_SEED=S the seed).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { EXAMPLE, SAMPLE, tempDir } from './helpers.js';
import { makeInput, Rng } from './fuzz/mutate.js';
import { boundMs, commands, runInProcess, runProcesses, saveFailure } from './fuzz/run.js';

const LONG = process.env.DAYBOOK_FUZZ !== undefined;
const COUNT = Number(process.env.DAYBOOK_FUZZ || 200);
const SEED = Number(process.env.DAYBOOK_FUZZ_SEED || 14);
/** Inputs that also go through the real CLI, as processes. */
const PROCESS_COUNT = 20;

const bases = [...fs.readdirSync(EXAMPLE).map((f) => fs.readFileSync(path.join(EXAMPLE, f)))];
if (fs.existsSync(SAMPLE)) bases.push(fs.readFileSync(SAMPLE));

test(`fuzz: ${COUNT} mutated and random journals through every read command, in process (seed ${SEED})`, async () => {
  console.log(`# fuzz seed ${SEED} (DAYBOOK_FUZZ_SEED=${SEED} repeats it), ${COUNT} inputs`);
  const rng = new Rng(SEED);
  const dir = tempDir();
  const file = path.join(dir, 'journal.txt');
  let slowest = { ms: 0, name: '', size: 0, cmd: '' };
  let bytes = 0;
  let rss = process.memoryUsage().rss;
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const input = makeInput(rng, bases);
    fs.writeFileSync(file, input.bytes);
    fs.rmSync(path.join(dir, '.index'), { recursive: true, force: true });
    // Each input goes through a quarter of the commands, in turn (each command sees a quarter of the inputs); search, which builds an index, one input in ten.
    const outcome = await runInProcess(file, input.bytes.toString('latin1'), i % 10 === 0, (k) => k % 4 === i % 4);
    bytes += input.bytes.length;
    rss = Math.max(rss, process.memoryUsage().rss);
    if (outcome.ms / boundMs(input.bytes.length) > slowest.ms / boundMs(slowest.size || 1)) slowest = { ms: outcome.ms, name: input.name, size: input.bytes.length, cmd: `${outcome.slowest.cmd} ${Math.round(outcome.slowest.ms)} ms` };
    if (outcome.problems.length > 0) {
      const saved = saveFailure(input.bytes, `${i}-${input.name}`);
      assert.fail(`input ${i} (${input.name}, ${input.bytes.length} bytes, seed ${SEED}) saved at ${saved}:\n${outcome.problems.join('\n')}`);
    }
  }
  const secs = (performance.now() - start) / 1000;
  console.log(`# fuzz: ${COUNT} inputs, ${(bytes / 1e6).toFixed(1)} MB in ${secs.toFixed(1)} s; slowest for its size: ${slowest.name} (${slowest.size} bytes) ${Math.round(slowest.ms)} ms (${slowest.cmd}); max RSS ${Math.round(rss / 1e6)} MB`);
});

test(`fuzz: ${PROCESS_COUNT} inputs through the real CLI: exit 0/1/2, no stack trace (seed ${SEED})`, () => {
  const rng = new Rng(SEED ^ 0x5eed);
  const dir = tempDir();
  for (let i = 0; i < PROCESS_COUNT; i++) {
    const input = makeInput(rng, bases);
    const file = path.join(dir, `journal-${i}.txt`);
    fs.writeFileSync(file, input.bytes);
    const text = input.bytes.toString('latin1');
    // The quick mode runs two of the commands per input (all are covered across inputs); the long mode all of them.
    const all = commands(text, true).filter((c) => c.includes('--json'));
    const chosen = LONG ? undefined : [all[(2 * i) % all.length]!, all[(2 * i + 1) % all.length]!];
    const outcome = runProcesses(file, text, chosen);
    if (outcome.problems.length > 0) {
      const saved = saveFailure(input.bytes, `cli-${i}-${input.name}`);
      assert.fail(`input ${i} (${input.name}, ${input.bytes.length} bytes, seed ${SEED}) saved at ${saved}:\n${outcome.problems.join('\n')}`);
    }
  }
});
