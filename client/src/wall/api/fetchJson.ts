/** The subset of `fetch` the loaders use, so tests can pass a fake. */
export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Pick<Response, 'ok' | 'status' | 'statusText' | 'json'>>;

/** GETs JSON and runs it through `parse`; a non-2xx answer becomes an error naming the URL. */
export async function fetchJson<T>(
  fetchFn: FetchLike,
  url: string,
  parse: (json: unknown, url: string) => T,
  signal?: AbortSignal,
): Promise<T> {
  const response = await fetchFn(url, signal ? { signal } : undefined);
  if (!response.ok) throw new Error(`GET ${url} failed: ${response.status} ${response.statusText}`.trim());
  return parse(await response.json(), url);
}
