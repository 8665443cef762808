/**
 * What a command gets from the outside world, so tests can run commands in
 * process: output streams, environment, working directory.
 */

/** An output stream: a TTY or not. */
export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** The terminal's height, when it is one. */
  rows?: number;
  /** The terminal's width, when it is one. */
  columns?: number;
}

/** The world a command runs in. */
export interface Io {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input: whether it is a terminal, and its text (read to the end) when it is not. */
  stdin?: { isTTY?: boolean; read(): string };
}

/** True when human output to this stream may be coloured: a TTY, and `NO_COLOR` unset. */
export function useColor(io: Io, out: Output = io.stdout): boolean {
  return Boolean(out.isTTY) && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
}

/** ANSI styles that vanish when colour is off. */
export function styles(color: boolean) {
  const wrap = (code: string) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: wrap('1'), dim: wrap('2'), red: wrap('31'), yellow: wrap('33'), cyan: wrap('36'), green: wrap('32') };
}

/** Tells the user what a write met besides the write itself: written again after an editor's save, a leftover kept. */
export function tellNotes(io: Io, result: { notes: string[] }): void {
  for (const note of result.notes) io.stderr.write(`${note}\n`);
}
