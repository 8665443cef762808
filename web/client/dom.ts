/**
 * Building the page: elements made with DOM calls, the main area, the hash
 * route. Journal text is only ever put into the page as text (text nodes),
 * never as markup: a journal that holds `<script>` shows `<script>`.
 */

type Attrs = Record<string, string | boolean | undefined | ((ev: Event) => void)>;
/** What an element can hold: nodes, strings (as text), nothing, or lists of these. */
export type Child = Node | string | null | undefined | false | Child[];

/** Makes an element; strings become text nodes. */
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  const add = (c: Child): void => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  };
  children.forEach(add);
  return el;
}

/** A link inside the app (hash routes only; journal URLs go through `outLink`). */
export const link = (href: string, ...children: Child[]): HTMLElement => h('a', { href }, ...children);

/**
 * The address of an entry's page, readable: `#/2013-02-16/11:07`, with an
 * item `#/2013-02-16/11:07/5`, or a line of it `#/2013-02-16/11:07?line=40`.
 */
export function entryHref(id: string, at: { item?: string | undefined; line?: number | undefined } = {}): string {
  return `#/${id}${at.item ? `/${at.item}` : ''}${at.line !== undefined ? `?line=${at.line}` : ''}`;
}

/** A link to an entry's page; hovering it shows a preview of the entry. */
export function entryLink(id: string, at: { item?: string | undefined; line?: number | undefined }, ...children: Child[]): HTMLElement {
  return h('a', { href: entryHref(id, at), 'data-preview': id }, ...children);
}

/** A URL from the journal, clickable only when it is http(s). */
export function outLink(url: string): HTMLElement {
  return /^https?:\/\//i.test(url) ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url) : h('span', {}, url);
}

export const main = document.getElementById('main')!;
export const searchBox = document.getElementById('search') as HTMLInputElement;
/** The charts on the page, destroyed when the page is drawn again. */
export const charts: { destroy(): void }[] = [];

/** Draws the page. */
export function show(...nodes: Child[]): void {
  for (const c of charts.splice(0)) c.destroy();
  const flat: (Node | string)[] = [];
  const add = (c: Child): void => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else flat.push(c);
  };
  nodes.forEach(add);
  main.replaceChildren(...flat);
}

/** The page the hash names: `#/search?q=x` is `/search` with `q=x`. */
export function route(): { path: string; params: URLSearchParams } {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?', 2) as [string, string | undefined];
  return { path, params: new URLSearchParams(query ?? '') };
}

/**
 * Goes to a page of the app. `replace` changes the address without a new
 * history entry (a search refined as it is typed is one step back, not one
 * a pause); the page is drawn either way.
 */
export function go(hash: string, options: { replace?: boolean } = {}): void {
  if (!options.replace) {
    location.hash = hash;
    return;
  }
  history.replaceState(history.state, '', hash);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Copies text to the clipboard; the button says so. */
export function copyButton(label: string, text: () => string, attrs: Record<string, string> = {}): HTMLElement {
  const button = h('button', { type: 'button', class: 'copy', ...attrs }, label);
  button.addEventListener('click', (ev) => {
    ev.preventDefault();
    ev.stopPropagation();
    const done = () => {
      button.textContent = 'copied';
      setTimeout(() => (button.textContent = label), 1500);
    };
    // The clipboard API needs a secure context; a shared server over plain HTTP is not one.
    if (navigator.clipboard && window.isSecureContext) void navigator.clipboard.writeText(text()).then(done, () => fallbackCopy(text(), done));
    else fallbackCopy(text(), done);
  });
  return button;
}

function fallbackCopy(text: string, done: () => void): void {
  const area = h('textarea', { class: 'offscreen', readonly: true }) as HTMLTextAreaElement;
  area.value = text;
  document.body.append(area);
  area.select();
  if (document.execCommand('copy')) done();
  area.remove();
}
