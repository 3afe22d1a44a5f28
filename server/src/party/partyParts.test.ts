import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRE_KIND_LETTERS, GRID_ORG_LETTERS, type PartyPartsResponse, type PartyResponse } from '../../../shared/src/api/party.js';
import type { ApiClient } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const JINSHUI = '410105';
const GUANCHENG = '410104';
const CUIHUA = '410105007007';
const bytes = (body: unknown) => Buffer.byteLength(JSON.stringify(body));

describe('党建引领: GET /api/party?parts= (summary, centres, gridCoverage) for the wall (real server on port 0)', () => {
  let server: TestServer;
  let jinshui: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ scheduler: { every: () => () => {} } });
    jinshui = await server.as('analyst', JINSHUI);
  });
  afterAll(async () => server.close());

  it('answers the summary a panel shows, equal to the whole answer’s figures, in a few hundred bytes at city level', async () => {
    for (const area of [server.model.cityCode, JINSHUI, '410105007', CUIHUA, `${CUIHUA}001`]) {
      const full = (await server.api.get(`/api/party?area=${area}`)).body as PartyResponse;
      const { status, body } = await server.api.get(`/api/party?area=${area}&parts=summary`);
      expect(status).toBe(200);
      const parts = body as PartyPartsResponse;
      expect(Object.keys(parts).sort()).toEqual(['area', 'summary']);
      expect(parts.area).toEqual(full.area);
      const s = parts.summary!;
      expect(s.coverage).toEqual(full.coverage);
      expect(s.members).toEqual({ total: full.members.total, reported: full.members.reported, perGrid: full.members.perGrid });
      expect(s.volunteers).toEqual(full.volunteers);
      expect(s.cadres).toEqual(full.cadres);
      expect(s.cases).toEqual(full.cases);
      expect(s.ratings).toEqual({ year: full.ratings.year, communities: full.ratings.spread.reduce((a, b) => a + b, 0), allStars: full.ratings.allStars, spread: full.ratings.spread });
      if (area === server.model.cityCode) {
        console.log(`GET /api/party (city): whole ${bytes(full)} bytes, parts=summary ${bytes(body)} bytes`);
        expect(bytes(body)).toBeLessThan(1000);
        expect(s.ratings.communities).toBe(server.model.nodesAt('community').length);
      }
    }
  });

  it('answers the centres as columns equal to the whole answer’s (named for a district or below), and each grid cell’s organisation for a district or below only', async () => {
    for (const area of [server.model.cityCode, JINSHUI, CUIHUA]) {
      const full = (await server.api.get(`/api/party?area=${area}`)).body as PartyResponse;
      const parts = (await server.api.get(`/api/party?area=${area}&parts=centres,gridCoverage`)).body as PartyPartsResponse;
      const centres = parts.centres!;
      expect(centres.names).toEqual(area === server.model.cityCode ? null : full.serviceCentres.map((c) => c.name));
      expect(centres.kinds).toBe(full.serviceCentres.map((c) => CENTRE_KIND_LETTERS[c.kind]).join(''));
      expect(centres.positions).toEqual(full.serviceCentres.flatMap((c) => c.position));
      if (area === server.model.cityCode) {
        expect(parts.gridCoverage).toBeNull();
        console.log(`GET /api/party (city): parts=centres,gridCoverage ${bytes(parts)} bytes for ${centres.kinds.length} centres`);
        expect(bytes(parts)).toBeLessThan(bytes(full.serviceCentres) / 4);
      } else {
        const grids = full.grids!;
        expect(parts.gridCoverage).toEqual({
          codes: grids.map((g) => g.code),
          organisation: grids.map((g) => GRID_ORG_LETTERS[g.organisation ?? 'none']).join(''),
          members: grids.map((g) => g.members),
        });
        if (area === JINSHUI) console.log(`GET /api/party (金水区): whole ${bytes(full)} bytes, parts=centres,gridCoverage ${bytes(parts)} bytes for ${grids.length} grid cells`);
      }
    }
  });

  it('is cut to the caller’s area like the whole answer, and refuses bad parts naming the field', async () => {
    const own = (await jinshui.get('/api/party?parts=summary,centres')).body as PartyPartsResponse;
    expect(own.area.code).toBe(JINSHUI);
    expect(own.summary!.coverage.grids).toBe(server.party.summary(JINSHUI)!.grids);
    const cases: Array<[string, number, string]> = [
      [`/api/party?area=${GUANCHENG}&parts=summary`, 403, 'area'],
      [`/api/party?area=${GUANCHENG}001001&parts=centres`, 403, 'area'],
      ['/api/party?area=41010500x&parts=summary', 400, 'area'],
      ['/api/party?area=410105999&parts=gridCoverage', 404, 'area'],
      ['/api/party?parts=everything', 400, 'parts'],
      ['/api/party?parts=summary,', 400, 'parts'],
      ['/api/party?parts=', 400, 'parts'],
    ];
    for (const [path, status, field] of cases) {
      const res = await jinshui.get(path);
      expect(res.status, path).toBe(status);
      expect(res.body.error.field, path).toBe(field);
      expect(res.body.error.message, path).toContain(field);
      expect(res.body.summary, path).toBeUndefined();
    }
  });
});
