import { describe, expect, it } from 'vitest';
import { encodeCaseColumns } from '../../../shared/src/columnar/caseColumns.js';
import { fetchCaseIdOfSeq, fetchMapCases, fetchReplay, type FetchBinary } from './caseColumns.js';
import type { FetchLike } from './fetchJson.js';

const T0 = Date.parse('2026-12-07T08:00:00+08:00');
const buffer = encodeCaseColumns({
  kind: 'cases',
  cases: [{ seq: 4_321, lon: 113.66, lat: 34.76, urgency: 'major', state: 'reported', category: 'SR', reportedAt: T0 }],
  totalCases: 3,
  fromMs: T0,
  toMs: T0,
});

/** Answers every URL with one real Response, and remembers what was asked. */
function serving(status: number, body: BodyInit): { fetch: FetchBinary & FetchLike; urls: string[] } {
  const urls: string[] = [];
  return { urls, fetch: async (url) => (urls.push(url), new Response(body, { status, statusText: status === 200 ? 'OK' : 'Forbidden' })) };
}

describe('the case-columns loaders', () => {
  it('decode GET /api/map/cases and ask for the open cases of the area', async () => {
    const s = serving(200, buffer);
    const c = await fetchMapCases(s.fetch, '410105');
    expect(s.urls).toEqual(['/api/map/cases?area=410105&state=open']);
    expect(c).toMatchObject({ kind: 'cases', count: 1, total: 3 });
    expect(Array.from(c.seq)).toEqual([4_321]);
  });

  it('ask for a replay period in ISO time', async () => {
    const s = serving(200, buffer);
    await fetchReplay(s.fetch, '410105', T0, T0 + 3_600_000);
    expect(new URL(s.urls[0]!, 'http://x').searchParams.get('from')).toBe(new Date(T0).toISOString());
  });

  it('say what went wrong: the status, or a body that is not case columns', async () => {
    await expect(fetchMapCases(serving(403, '{}').fetch, '410102')).rejects.toMatchObject({ status: 403 });
    await expect(fetchMapCases(serving(200, new Uint8Array(200)).fetch, '410105')).rejects.toThrow(/\/api\/map\/cases.*magic/);
  });

  it('name the case of a map point by its seq (GET /api/cases/by-seq/:seq), or say why not', async () => {
    const s = serving(200, JSON.stringify({ id: '01KC0000000000000000000000', status: 'reported' }));
    expect(await fetchCaseIdOfSeq(s.fetch, 4_321)).toBe('01KC0000000000000000000000');
    expect(s.urls).toEqual(['/api/cases/by-seq/4321']);
    await expect(fetchCaseIdOfSeq(serving(404, '{}').fetch, 7)).rejects.toMatchObject({ status: 404 });
    await expect(fetchCaseIdOfSeq(serving(200, '{}').fetch, 7)).rejects.toThrow(/names no case id/);
  });
});
