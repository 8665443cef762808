/**
 * The server's API, typed by the server's own description of it
 * (src/web/api.ts): a route's parameters and its answer come from there, so
 * the client and the server cannot drift apart unnoticed. Only types are
 * imported; nothing of the server reaches the browser.
 */
import type { ApiError, ApiParam, ApiResponse, ApiRoute } from '../../src/web/api.js';

/** The parameters of a request; empty ones are left out. */
export type Params<R extends ApiRoute> = Partial<Record<ApiParam<R>, string | undefined>>;

/** Asks the server; throws the server's error message (and hint) when it refuses. */
export async function get<R extends ApiRoute>(route: R, params: Params<R> = {}): Promise<ApiResponse<R>> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params) as [string, string | undefined][]) if (v !== undefined && v !== '') q.set(k, v);
  const res = await fetch(`/api/${route}${q.size ? `?${q}` : ''}`);
  const body: unknown = await res.json();
  if (!res.ok) {
    const e = body as Partial<ApiError>;
    throw new Error(`${e.error ?? res.statusText}${e.hint ? ` (${e.hint})` : ''}`);
  }
  return body as ApiResponse<R>;
}

/** The page's own parameters (from its hash) that a request passes on as they are. */
export function pick<K extends string>(params: URLSearchParams, ...names: K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const k of names) {
    const v = params.get(k);
    if (v !== null) out[k] = v;
  }
  return out;
}
