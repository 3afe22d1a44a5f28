import { decodeCaseColumns, type CaseColumns } from '../../../shared/src/columnar/caseColumns.js';
import { mapCasesUrl, replayUrl } from '../../../shared/src/columnar/mapQueries.js';
import { HttpError, fetchJson, type FetchLike } from './fetchJson.js';

/** The subset of `fetch` the binary loaders use, so tests can pass their own. */
export type FetchBinary = (url: string, init?: { signal?: AbortSignal }) => Promise<Pick<Response, 'ok' | 'status' | 'statusText' | 'arrayBuffer'>>;

/** GETs a case-columns buffer and decodes it (views, no copy); a non-2xx answer is an HttpError naming the URL, a foreign body an Error saying why. */
export async function fetchCaseColumns(fetchFn: FetchBinary, url: string, signal?: AbortSignal): Promise<CaseColumns> {
  const response = await fetchFn(url, signal ? { signal } : undefined);
  if (!response.ok) throw new HttpError(url, response.status, response.statusText);
  const buffer = await response.arrayBuffer();
  try {
    return decodeCaseColumns(buffer);
  } catch (error) {
    throw new Error(`${url}: ${(error as Error).message}`);
  }
}

/** Every open case of an area (GET /api/map/cases). */
export const fetchMapCases = (fetchFn: FetchBinary, area: string, signal?: AbortSignal): Promise<CaseColumns> => fetchCaseColumns(fetchFn, mapCasesUrl(area), signal);

/** The replay of [from, to) in an area (GET /api/replay); epoch ms. */
export const fetchReplay = (fetchFn: FetchBinary, area: string, from: number, to: number, signal?: AbortSignal): Promise<CaseColumns> =>
  fetchCaseColumns(fetchFn, replayUrl(area, from, to), signal);

/** GET /api/cases/by-seq/:seq: the case of a map point (points carry the store's seq, not the id), with the caller's read right and area cut. */
export const caseBySeqUrl = (seq: number): string => `/api/cases/by-seq/${seq}`;

/** The id of the case of a map point (its seq); an HttpError for a case the caller may not see (404) or a bad seq (400). */
export const fetchCaseIdOfSeq = (fetchFn: FetchLike, seq: number, signal?: AbortSignal): Promise<string> =>
  fetchJson(fetchFn, caseBySeqUrl(seq), (json, url) => {
    const id = (json as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') throw new Error(`${url}: the answer names no case id`);
    return id;
  }, signal);
