/** The subset of `fetch` the loaders use, so tests can pass a fake. */
export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Pick<Response, 'ok' | 'status' | 'statusText' | 'json'>>;

/** A non-2xx answer: the status is kept so the wall can say what to do (401: open the device link). */
export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    statusText: string,
  ) {
    super(`GET ${url} failed: ${status} ${statusText}`.trim());
    this.name = 'HttpError';
  }
}

/** GETs JSON and runs it through `parse`; a non-2xx answer becomes an HttpError naming the URL. */
export async function fetchJson<T>(
  fetchFn: FetchLike,
  url: string,
  parse: (json: unknown, url: string) => T,
  signal?: AbortSignal,
): Promise<T> {
  const response = await fetchFn(url, signal ? { signal } : undefined);
  if (!response.ok) throw new HttpError(url, response.status, response.statusText);
  return parse(await response.json(), url);
}
