/**
 * A progress bar on standard error, only when it is a terminal: redrawn at
 * most ten times a second, and wiped when done.
 */
import type { Output } from './io.js';

/** Returns the callback that draws the bar, and the function that wipes it. */
export function progressBar(out: Output, label: string): { update: (done: number, total: number) => void; end: () => void } {
  if (!out.isTTY) return { update: () => undefined, end: () => undefined };
  let last = 0;
  let drawn = false;
  const MB = 1024 * 1024;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 || total <= 0) return;
      last = now;
      const share = Math.min(1, done / total);
      const width = 30;
      const full = Math.round(share * width);
      out.write(`\r${label} [${'#'.repeat(full)}${' '.repeat(width - full)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${(done / MB).toFixed(0)}/${(total / MB).toFixed(0)} MB`);
      drawn = true;
    },
    end() {
      if (drawn) out.write('\r\x1b[2K');
    },
  };
}
