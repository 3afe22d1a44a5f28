import { decodeCaseColumns, type CaseColumns } from '../../../shared/src/columnar/caseColumns.js';
import { mapCasesUrl, replayUrl } from '../../../shared/src/columnar/mapQueries.js';
import { HttpError } from './fetchJson.js';

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
