/**
 * Long output on a terminal goes through a pager, as git does: the command's
 * output is gathered, and when it is longer than the terminal it is handed to
 * `$DAYBOOK_PAGER`, else `$PAGER`, else `less -FRX`. An empty DAYBOOK_PAGER
 * (or `cat`) turns the pager off. Output that is not to a terminal is never paged.
 */
import type { spawnSync as SpawnSync } from 'node:child_process';
import type { Io, Output } from './io.js';

/** Runs a command with its standard output paged when it is long and goes to a terminal. */
export async function withPager(io: Io, run: (io: Io) => number | Promise<number>): Promise<number> {
  const pager = io.env.DAYBOOK_PAGER ?? io.env.PAGER ?? 'less -FRX';
  if (!io.stdout.isTTY || pager.trim() === '' || pager.trim() === 'cat') return run(io);
  let text = '';
  const gathered: Output = { isTTY: true, write: (chunk: string) => (text += chunk), ...(io.stdout.columns ? { columns: io.stdout.columns } : {}) };
  const code = await run({ ...io, stdout: gathered });
  const rows = io.stdout.rows && io.stdout.rows > 0 ? io.stdout.rows : 24;
  if (text.split('\n').length - 1 < rows) {
    io.stdout.write(text);
    return code;
  }
  // Loaded here: output that is not paged does not pay for child processes.
  const { spawnSync } = process.getBuiltinModule('node:child_process') as { spawnSync: typeof SpawnSync };
  const paged = spawnSync(pager, { shell: true, input: text, stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', ...io.env } });
  // No such pager (the shell answers 127): show the output as it is.
  if (paged.error || paged.status === 127) io.stdout.write(text);
  return code;
}
