/**
 * The config file: JSON in the user's config directory
 * (`$XDG_CONFIG_HOME/daybook/config.json`, else `~/.config/daybook/config.json`),
 * or the file named by `--config` or `DAYBOOK_CONFIG`. Validated with messages
 * that name the key, what was expected and an example.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';

/** What the config file may hold. */
export interface Config {
  /** The journal: a file or a directory of files (`~` is the home directory; relative paths are relative to the config file). */
  journal?: string;
}

interface KeySpec {
  type: 'string';
  example: string;
  describe: string;
}

const KEYS: Record<keyof Config, KeySpec> = {
  journal: { type: 'string', example: '"~/log/2013.txt"', describe: 'the journal file or directory' },
};

/** Where the config file is looked for when none is named. */
export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'daybook', 'config.json');
}

/**
 * Loads and validates the config. A missing default file is an empty config;
 * a missing file that the user named is an error.
 *
 * ```ts
 * loadConfig(undefined, process.env).config.journal; // '/home/me/log' or undefined
 * ```
 */
export function loadConfig(named: string | undefined, env: NodeJS.ProcessEnv): { path: string; config: Config } {
  const file = named ?? env.DAYBOOK_CONFIG ?? defaultConfigPath(env);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !named && !env.DAYBOOK_CONFIG) return { path: file, config: {} };
    throw new InputError(`cannot read the config file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code)}`, `a config file is JSON, for example: {"journal": "~/log"}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    throw new InputError(`the config file ${file} is not valid JSON (${(err as Error).message})`, `expected a JSON object, for example: {"journal": "~/log"}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`the config file ${file} must hold a JSON object, not ${Array.isArray(data) ? 'an array' : JSON.stringify(data)}`, `for example: {"journal": "~/log"}`);
  }
  const config: Config = {};
  for (const [key, value] of Object.entries(data)) {
    const spec = (KEYS as Record<string, KeySpec | undefined>)[key];
    if (!spec) {
      throw new InputError(`unknown key "${key}" in the config file ${file}`, `known keys: ${Object.entries(KEYS).map(([k, s]) => `"${k}" (${s.describe}, e.g. ${s.example})`).join(', ')}`);
    }
    if (typeof value !== spec.type || value === '') {
      throw new InputError(`"${key}" in the config file ${file} must be a non-empty ${spec.type}, not ${JSON.stringify(value)}`, `for example: {"${key}": ${spec.example}}`);
    }
  }
  if (typeof (data as Config).journal === 'string') config.journal = resolveUserPath((data as Config).journal!, path.dirname(file), env);
  return { path: file, config };
}

/** Expands `~` and makes a path absolute relative to `base`. */
export function resolveUserPath(p: string, base: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || os.homedir();
  const expanded = p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
  return path.resolve(base, expanded);
}
