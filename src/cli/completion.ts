/**
 * `daybook completion bash|zsh|fish`: the shell's completion script, and
 * `daybook completion --line LINE --word WORD`, which the scripts call on
 * every TAB: the candidates for the word being typed, one a line.
 *
 * It completes commands, flags (each command's own, from its `options`),
 * gtd actions, export formats, date words, and, from the search index when
 * one exists (never building one on a TAB), thread names, topics and the
 * moments of the newest entries.
 */
import fs from 'node:fs';
import { UsageError } from '../errors.js';
import { indexPath, openIndex, closeIndex } from '../indexing/open.js';
import { locateJournal } from '../journal/locate.js';
import { recentMoments, threadNames, topicNames } from '../search/names.js';
import { flagsOrHelp, JOURNAL_OPTIONS, printJson, type ParseArgsOptions } from './args.js';
import type { Io } from './io.js';
import { COMMANDS } from './main.js';

export const help = `daybook completion bash | zsh | fish

Prints the completion script of a shell. Install it with:

  bash:  daybook completion bash > ~/.local/share/bash-completion/completions/daybook
         (or: echo 'source <(daybook completion bash)' >> ~/.bashrc)
  zsh:   daybook completion zsh > "\${fpath[1]}/_daybook"   (then: compinit)
  fish:  daybook completion fish > ~/.config/fish/completions/daybook.fish

It completes commands, flags, gtd actions, export formats, date words, and
from the search index (when "daybook index" or a search has made one) thread
names (thread, --thread, --continue), topics (--topic, topics) and the
moments of the newest entries (show, backlinks, edit, --ref, --into).

The scripts call "daybook completion --line LINE --word WORD [--shell S]",
which prints the candidates for the last word of LINE, one a line (names
from the journal of LINE's --journal, else of --journal, else the usual one).`;

/** The flags of `daybook completion`. */
export const options = { ...JOURNAL_OPTIONS, line: { type: 'string' }, word: { type: 'string' }, shell: { type: 'string' } } as const satisfies ParseArgsOptions;

const SHELLS = ['bash', 'zsh', 'fish'];
/** Printed alone: "complete file names here". */
const FILES = '__daybook_files__';

const DATE_WORDS = ['today', 'yesterday', 'this week', 'last week', 'this month', 'last month', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'last monday', 'last friday', '3 days ago', '2 weeks ago'];
const DATE_FLAGS = new Set(['--day', '--week', '--month', '--since', '--until', '--on']);
const FILE_FLAGS = new Set(['--journal', '--config', '--file', '--index']);

/** Splits a command line as a POSIX shell would (quotes, backslashes); the last word is the one being typed, with its raw text. */
export function shellWords(line: string): { words: string[]; raw: string } {
  const words: string[] = [];
  let word = '';
  let raw = '';
  let inWord = false;
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      raw += c;
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i]!, (raw += line[i]!);
      else word += c;
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      raw = '';
      inWord = false;
      continue;
    }
    inWord = true;
    raw += c;
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < line.length) word += line[++i]!, (raw += line[i]!);
    else word += c;
  }
  words.push(word);
  return { words, raw };
}

/** A value written for a POSIX shell with backslashes: `fsync\ latency`. */
const escaped = (s: string) => s.replace(/[^\w@%+=:,./-]/g, '\\$&');

/** The names the index holds, or none when there is no index yet. */
function fromIndex(io: Io, journal: string | undefined, config: string | undefined, read: (db: import('better-sqlite3').Database) => string[]): string[] {
  try {
    const { paths } = locateJournal({ journal, config, env: io.env, cwd: io.cwd });
    const file = indexPath(paths, undefined, io.env, io.cwd);
    if (!fs.existsSync(file)) return [];
    const index = openIndex(file);
    try {
      return read(index.db);
    } finally {
      closeIndex(index);
    }
  } catch {
    return [];
  }
}

/** The candidates for the last of `words` (the words after `daybook`); the journal is the line's `--journal`, else `given`'s, else found as every command finds it. */
export async function candidates(words: string[], io: Io, given: { journal?: string; config?: string } = {}): Promise<string[]> {
  const cur = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  let journal = given.journal;
  let config = given.config;
  for (let i = 0; i < before.length; i++) {
    const [flag, value] = before[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === '--journal') journal = value ?? before[i + 1];
    if (flag === '--config') config = value ?? before[i + 1];
  }
  // The command: the first word that is not a global flag or its value.
  let at = 0;
  while (at < before.length && /^--(journal|config|json)(=|$)/.test(before[at]!)) at += before[at]!.includes('=') || before[at] === '--json' ? 1 : 2;
  const name = before[at];
  const global = ['--journal', '--config', '--json', '--help', '--version'];
  const last = before[before.length - 1];
  if (name === undefined && (last === '--journal' || last === '--config')) return [FILES];
  if (name === undefined) return (cur.startsWith('-') ? global : Object.keys(COMMANDS)).filter((c) => c.startsWith(cur));
  const cmd = COMMANDS[name];
  if (!cmd) return [];
  const opts = ((await cmd.load())[cmd.options ?? 'options'] ?? {}) as ParseArgsOptions;
  const prev = before[before.length - 1];
  const names = (kind: 'threads' | 'topics' | 'moments', prefix: string) =>
    fromIndex(io, journal, config, (db) => (kind === 'threads' ? threadNames(db, prefix) : kind === 'topics' ? topicNames(db, prefix) : recentMoments(db)));
  const starting = (list: string[]) => list.filter((c) => c.toLowerCase().startsWith(cur.toLowerCase()));
  if (prev !== undefined && prev.startsWith('--') && before.length - 1 > at && opts[prev.slice(2)]?.type === 'string') {
    if (FILE_FLAGS.has(prev)) return [FILES];
    if (DATE_FLAGS.has(prev)) return starting(DATE_WORDS);
    if (prev === '--thread' || prev === '--continue') return names('threads', cur);
    if (prev === '--topic') return names('topics', cur);
    if (prev === '--ref' || prev === '--into') return starting(names('moments', ''));
    if (prev === '--severity') return starting(['info', 'warning', 'error']);
    return [];
  }
  if (cur.startsWith('-')) return starting(Object.keys(opts).map((o) => `--${o}`));
  const positionals = before.slice(at + 1).filter((w, i, all) => !w.startsWith('-') && !(all[i - 1]?.startsWith('--') && opts[all[i - 1]!.slice(2)]?.type === 'string'));
  switch (name) {
    case 'help':
      return starting(Object.keys(COMMANDS));
    case 'completion':
      return starting(SHELLS);
    case 'gtd':
      return positionals.length === 0 ? starting((await import('./gtd.js')).ACTIONS) : [];
    case 'export':
      if (positionals.length === 0) return starting(['timewarrior', 'ical', 'csv', 'json', 'markdown', 'org']);
      return positionals.length === 1 && (positionals[0] === 'markdown' || positionals[0] === 'org') ? [FILES] : [];
    case 'import':
      return positionals.length === 0 ? starting(['json', 'jrnl', 'dayone', 'obsidian', 'org', 'timewarrior']) : positionals.length === 1 ? [FILES] : [];
    case 'thread':
      return names('threads', cur);
    case 'topics':
      return names('topics', cur);
    case 'show':
    case 'backlinks':
    case 'edit':
      return starting(names('moments', ''));
    case 'git':
      return positionals.length === 0 ? starting(['setup']) : [];
    case 'check':
    case 'stats':
    case 'serve':
    case 'clip':
    case 'merge':
    case 'resolve':
      return [FILES];
    default:
      return [];
  }
}

const BASH = `# daybook completion for bash: source it, or put it in ~/.local/share/bash-completion/completions/daybook
_daybook() {
  local IFS=$'\\n' out
  out=$("\${COMP_WORDS[0]}" completion --shell bash --line="\${COMP_LINE:0:COMP_POINT}" --word="\${COMP_WORDS[COMP_CWORD]}" 2>/dev/null) || return 0
  if [[ $out == ${FILES} ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "\${COMP_WORDS[COMP_CWORD]}"))
  else
    COMPREPLY=($out)
  fi
}
complete -F _daybook daybook
`;

const ZSH = `#compdef daybook
# daybook completion for zsh: put it in a directory of $fpath as _daybook, then run compinit
_daybook() {
  local -a found
  found=("\${(@f)$("\${words[1]}" completion --shell zsh --line="\${BUFFER[1,CURSOR]}" --word="$PREFIX" 2>/dev/null)}")
  if [[ "\${found[1]}" == ${FILES} ]]; then
    _files
  elif (( \${#found[@]} )) && [[ -n "\${found[1]}" ]]; then
    compadd -U -Q -- "\${found[@]}"
  fi
}
if [[ "$funcstack[1]" == _daybook ]]; then _daybook "$@"; else compdef _daybook daybook; fi
`;

const FISH = `# daybook completion for fish: put it in ~/.config/fish/completions/daybook.fish
function __daybook_complete
  set -l out (daybook completion --shell fish --line=(commandline -cp) --word=(commandline -ct) 2>/dev/null)
  if test "$out" = ${FILES}
    __fish_complete_path (commandline -ct)
  else
    printf '%s\\n' $out
  end
end
complete -c daybook -f -a '(__daybook_complete)'
`;

/** Runs `daybook completion`. */
export async function completion(args: string[], io: Io): Promise<number> {
  const flags = flagsOrHelp('completion', args, options, help, io);
  if (!flags) return 0;
  const v = flags.values;
  if (v.line !== undefined) {
    const { words, raw } = shellWords(v.line);
    const found = await candidates(words.slice(1), io, v);
    if (v.json) {
      printJson(io, { candidates: found }, { root: null });
      return 0;
    }
    if (found[0] === FILES) {
      io.stdout.write(`${FILES}\n`);
      return 0;
    }
    // bash replaces only its own last word (it breaks words at ":" and "="): give what stands for that part of the raw text.
    const word = v.word ?? raw;
    const cut = raw.endsWith(word) ? raw.length - word.length : 0;
    for (const c of found) {
      if (v.shell === 'fish') io.stdout.write(`${c}\n`);
      else {
        const e = escaped(c);
        if (e.startsWith(raw) || raw === '') io.stdout.write(`${e.slice(cut)}\n`);
      }
    }
    return 0;
  }
  const [shell, ...rest] = flags.positionals;
  if (shell === undefined || rest.length || !SHELLS.includes(shell)) {
    throw new UsageError(shell === undefined ? 'completion: which shell?' : `completion: no completion for "${[shell, ...rest].join(' ')}"`, 'expected bash, zsh or fish, e.g. daybook completion bash > ~/.local/share/bash-completion/completions/daybook');
  }
  io.stdout.write(shell === 'bash' ? BASH : shell === 'zsh' ? ZSH : FISH);
  return 0;
}
