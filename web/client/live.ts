/**
 * Live updates, one connection per browser: a browser opens at most six
 * connections to a server, so a stream per tab would stop the seventh tab
 * from loading. The tabs of one browser elect one of them (a Web Lock: the
 * first tab to ask holds it; when it closes, the next waiting tab gets it);
 * that tab alone holds the server's event stream and passes each change to
 * the others on a BroadcastChannel. Where Web Locks are missing (a page
 * served over plain HTTP to another machine is not a secure context), each
 * tab asks the server's version every two seconds instead, holding no
 * connection open.
 */
import type { ApiEvent, LiveChange } from '../../src/web/api.js';
import { get } from './api.js';

type Listener = (change: LiveChange) => void;

const NAME = 'daybook-live';

/** Calls `listener` once for each new version of the journal on the server. */
export function onJournalChange(listener: Listener): void {
  // The version this page was drawn from: the first one heard, or asked for at once.
  let seen = -1;
  const hear = (change: LiveChange): void => {
    if (change.version === seen) return;
    // A lower version is a server started again (it counts from its start): the page is drawn again too.
    const first = seen === -1;
    seen = change.version;
    if (!first) listener(change);
  };
  get('version')
    .then((v) => hear({ version: v.version, files: [] }))
    .catch(() => undefined);
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks || typeof BroadcastChannel !== 'function') {
    const poll = (): void => {
      get('version')
        .then((v) => hear({ version: v.version, files: [] }))
        .catch(() => undefined)
        .finally(() => setTimeout(poll, 2000));
    };
    setTimeout(poll, 2000);
    document.body.dataset.live = 'polling';
    return;
  }
  const channel = new BroadcastChannel(NAME);
  channel.onmessage = (ev: MessageEvent<LiveChange>) => hear(ev.data);
  // Held until the tab closes: the promise never settles.
  void locks.request(NAME, () => new Promise<void>(() => lead(channel, hear)));
  document.body.dataset.live = 'follower';
}

/** This tab holds the stream for all: each event is heard here and passed on. */
function lead(channel: BroadcastChannel, hear: Listener): void {
  document.body.dataset.live = 'leader';
  const events = new EventSource('/api/events');
  const pass = (change: LiveChange): void => {
    hear(change);
    channel.postMessage(change);
  };
  events.addEventListener('hello' satisfies ApiEvent, (ev) => pass({ version: Number((ev as MessageEvent<string>).data), files: [] }));
  events.addEventListener('change' satisfies ApiEvent, (ev) => pass(JSON.parse((ev as MessageEvent<string>).data) as LiveChange));
}
