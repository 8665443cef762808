/**
 * The weekly report: exactly the text `daybook report` prints for the same
 * range (the server makes it with the command's own function), or its
 * Markdown, ready to copy; each point's reference is a link to the entry (or
 * item) it came from.
 */
import { get, pick } from './api.js';
import { entryLink, h, link, show, type Child } from './dom.js';

/** A reference as the report writes it: `"14:14 2013-2-27"6`. */
const REFERENCE = /"(\d{1,2}):(\d{2}) (\d{4})-(\d{1,2})-(\d{1,2})"((?:\d+\.)*\d+)?/g;

/** The report's text with each reference a link to its entry's page (`#/2013-02-27/14:14/6`). */
function linked(text: string): Child[] {
  const out: Child[] = [];
  let at = 0;
  for (const m of text.matchAll(REFERENCE)) {
    const two = (s: string) => s.padStart(2, '0');
    out.push(text.slice(at, m.index));
    out.push(entryLink(`${m[3]}-${two(m[4]!)}-${two(m[5]!)}/${two(m[1]!)}:${m[2]}`, { item: m[6] }, m[0]));
    at = m.index! + m[0].length;
  }
  out.push(text.slice(at));
  return out;
}

export async function reportView(params: URLSearchParams): Promise<void> {
  const r = await get('report', pick(params, 'week', 'since', 'until'));
  const markdown = params.get('markdown') === '1';
  const text = markdown ? r.markdown : r.text;
  const copy = h('button', { type: 'button', id: 'copy-report' }, 'copy');
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(text).then(() => (copy.textContent = 'copied'));
  });
  const other = new URLSearchParams(params);
  if (markdown) other.delete('markdown');
  else other.set('markdown', '1');
  show(h('h1', {}, 'Weekly report'), h('p', { class: 'filters' }, copy, ' ', link(`#/report?${other}`, markdown ? 'as text' : 'as Markdown')), h('pre', { class: 'report' }, ...linked(text)));
}
