/**
 * Man pages made from the help text the commands print (`daybook help
 * COMMAND`), so that the two never disagree: `daybook.1` from the overview,
 * `daybook-NAME.1` from each command's help. `npm run build` writes them to
 * `dist/man/` (scripts/make-man.mjs), and the package installs them.
 */
import { COMMANDS, USAGE } from './main.js';

/** Text made safe for roff: backslashes, and a `.` or `'` that starts a line. */
function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .split('\n')
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join('\n');
}

/** The one-line summary of each command, from the overview's command list. */
export function summaries(): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of USAGE.split('\n')) {
    const m = /^  ([a-z]+)(?: \S.*?)?\s{2,}(\S.*)$/.exec(line);
    if (m && COMMANDS[m[1]!]) out.set((last = m[1]!), m[2]!);
    else if (last && /^ {10,}\S/.test(line)) out.set(last, `${out.get(last)!} ${line.trim()}`);
    else last = undefined;
  }
  return out;
}

/** A man page (section 1) of a help text: its first paragraph is the synopsis, the rest the description, both kept as printed. */
export function manPage(name: string, summary: string, help: string, version: string, date: string): string {
  const [synopsis, ...rest] = help.split(/\n\n/);
  const page = name === 'daybook' ? 'daybook' : `daybook-${name}`;
  const see = name === 'daybook' ? Object.keys(COMMANDS).map((c) => `.BR daybook-${c} (1)`) : ['.BR daybook (1)'];
  return [
    `.TH ${page.toUpperCase()} 1 "${date}" "daybook ${version}" "daybook manual"`,
    '.SH NAME',
    `${page} \\- ${roff(summary)}`,
    '.SH SYNOPSIS',
    '.nf',
    roff(synopsis ?? ''),
    '.fi',
    '.SH DESCRIPTION',
    '.nf',
    roff(rest.join('\n\n')),
    '.fi',
    '.SH SEE ALSO',
    ...see,
    '',
  ].join('\n');
}

/** Every page: `[file name, text]`. */
export async function manPages(version: string, date: string): Promise<[string, string][]> {
  const sums = summaries();
  const pages: [string, string][] = [['daybook.1', manPage('daybook', 'tools for a plain-text work journal', USAGE.split('\n').slice(2).join('\n'), version, date)]];
  for (const [name, cmd] of Object.entries(COMMANDS)) {
    const help = (await cmd.load())[cmd.help ?? 'help'] as string;
    pages.push([`daybook-${name}.1`, manPage(name, sums.get(name) ?? name, help, version, date)]);
  }
  return pages;
}
