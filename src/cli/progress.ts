/**
 * Progress of a long first indexing (or a first embedding) on standard error: on a terminal a bar,
 * redrawn at most ten times a second and wiped when done; elsewhere (a pipe,
 * a log, an editor's process) one line every few seconds
 * (`DAYBOOK_PROGRESS_SECONDS`, default 3), and none for work that ends
 * sooner.
 */
import type { Output } from './io.js';

const MB = 1024 * 1024;

/** How the amounts of a piece of work are written: bytes as megabytes (indexing), or a count of things (`entries`). */
export type Amounts = (done: number, total: number) => string;
const megabytes: Amounts = (done, total) => `${(done / MB).toFixed(0)} of ${(total / MB).toFixed(0)} MB`;
/** Amounts as a count: `1,500 of 20,000 entries`. */
export const counted =
  (things: string): Amounts =>
  (done, total) =>
    `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${things}`;

/** Returns the callback that shows progress, and the function that ends it. */
export function progressBar(out: Output, label: string, env: NodeJS.ProcessEnv = {}, amounts: Amounts = megabytes): { update: (done: number, total: number) => void; end: () => void } {
  if (!out.isTTY) return progressLines(out, label, env, amounts);
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 || total <= 0) return;
      last = now;
      const share = Math.min(1, done / total);
      const width = 30;
      const full = Math.round(share * width);
      out.write(`\r${label} [${'#'.repeat(full)}${' '.repeat(width - full)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${amounts(done, total)}`);
      drawn = true;
    },
    end() {
      if (drawn) out.write('\r\x1b[2K');
    },
  };
}

/** A line every few seconds, for a stream that is not a terminal. */
function progressLines(out: Output, label: string, env: NodeJS.ProcessEnv, amounts: Amounts): { update: (done: number, total: number) => void; end: () => void } {
  const given = Number(env.DAYBOOK_PROGRESS_SECONDS);
  const every = (env.DAYBOOK_PROGRESS_SECONDS !== undefined && env.DAYBOOK_PROGRESS_SECONDS.trim() !== '' && Number.isFinite(given) && given >= 0 ? given : 3) * 1000;
  const start = Date.now();
  let last = start;
  let wrote = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < every || total <= 0) return;
      last = now;
      wrote = true;
      out.write(`daybook: ${label}: ${Math.floor(Math.min(1, done / total) * 100)}% (${amounts(done, total)}, ${((now - start) / 1000).toFixed(0)} s)\n`);
    },
    end() {
      if (wrote) out.write(`daybook: ${label}: done in ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
    },
  };
}
