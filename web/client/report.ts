/**
 * The weekly report: exactly the text `daybook report` prints for the same
 * range (the server makes it with the command's own function), or its
 * Markdown, ready to copy.
 */
import { get, pick } from './api.js';
import { h, link, show } from './dom.js';

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
  show(h('h1', {}, 'Weekly report'), h('p', { class: 'filters' }, copy, ' ', link(`#/report?${other}`, markdown ? 'as text' : 'as Markdown')), h('pre', { class: 'report' }, text));
}
