/**
 * Running the real `git` for `daybook git setup` and `daybook sync`: never
 * asking for a password (a timer has no terminal), messages in one language.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

/** What one git command gave. */
export interface GitRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** A repository to run git in. */
export class Git {
  constructor(
    /** The repository's top directory. */
    readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Runs git with `args` in the repository. */
  run(args: string[]): GitRun {
    return runGit(this.root, args, this.env);
  }

  /** Runs git and returns its output; a failure becomes an error with git's words. */
  must(args: string[]): string {
    const r = this.run(args);
    if (r.status !== 0) throw new InputError(`git ${args[0]} failed: ${lastLine(r.stderr || r.stdout)}`, `in ${this.root}`);
    return r.stdout;
  }

  /** A file as a commit (or the index, `:path`) holds it, as bytes (a journal may hold bytes that are not UTF-8); undefined when it is not there. */
  blob(ref: string): Buffer | undefined {
    const r = spawnSync('git', ['cat-file', 'blob', ref], { cwd: this.root, env: gitEnv(this.env), maxBuffer: 1024 * 1024 * 1024 });
    return r.status === 0 ? r.stdout : undefined;
  }

  /** The path of a file inside `.git` (worktrees included). */
  gitPath(name: string): string {
    return path.resolve(this.root, this.must(['rev-parse', '--git-path', name]).trim());
  }
}

/** Runs git in `cwd`. */
export function runGit(cwd: string, args: string[], env: NodeJS.ProcessEnv): GitRun {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: gitEnv(env),
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('git is not installed (no "git" on PATH)', 'install it, e.g. "apt-get install git", then run the command again');
    throw new InputError(`cannot run git: ${code ?? r.error.message}`);
  }
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** The environment git runs in: no password prompts, messages in English. */
function gitEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_SSH_COMMAND: env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes' };
}

/** The repository that holds a journal path (a file or a directory). */
export function repositoryOf(journal: string, env: NodeJS.ProcessEnv): Git {
  const dir = fs.existsSync(journal) && fs.statSync(journal).isDirectory() ? journal : path.dirname(journal);
  const r = runGit(dir, ['rev-parse', '--show-toplevel'], env);
  if (r.status !== 0) {
    throw new InputError(`${journal}: not in a git repository`, `put the journal under git first: cd ${dir} && git init && git add . && git commit -m journal (or clone the one of your other machine)`);
  }
  return new Git(r.stdout.trim(), env);
}

/** The last non-empty line of git's output. */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines[lines.length - 1] ?? '(no message)';
}
