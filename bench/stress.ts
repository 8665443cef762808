/**
 * `npm run stress`: the editor race of the test suite, long. For each way an
 * editor saves (in place, by rename), rounds of 4 daybook writers of 50
 * writes each run against an editor saving every few milliseconds, until at
 * least 2,000 of the editor's saves have begun while a daybook write was
 * under way. Prints the counts; exits 1 when any marker or reported write is
 * not in the file exactly once, or a refused write is there anyway.
 */
import { race, type RaceResult, type SaveMode } from './race.js';

const GOAL = 2000;
let failed = false;
for (const mode of ['in-place', 'rename'] as SaveMode[]) {
  const total = { saves: 0, collisions: 0, written: 0, refused: 0, redone: 0, lost: 0 };
  for (let round = 1; total.collisions < GOAL; round++) {
    const r: RaceResult = await race(mode, 4, 50);
    total.saves += r.saves;
    total.collisions += r.collisions;
    total.written += r.written;
    total.refused += r.refused.length;
    total.redone += r.redone;
    const bad = [...r.markersNotOnce, ...r.writesNotOnce, ...r.refusedButThere];
    total.lost += bad.length;
    if (bad.length > 0 || r.refused.length > 0) console.log(`  round ${round}: ${JSON.stringify({ bad, refused: r.refused })}`);
  }
  failed ||= total.lost > 0;
  console.log(`editor saving ${mode}: ${total.saves} editor saves, ${total.collisions} during a daybook write; ${total.written} daybook writes reported, ${total.refused} refused, ${total.redone} written again after the editor saved over them; not exactly once: ${total.lost}`);
}
process.exit(failed ? 1 : 0);
