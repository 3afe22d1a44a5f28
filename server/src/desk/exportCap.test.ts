import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const DISTRICT = '410105'; // 金水区
/** The caps of this server: a few rows, so that five cases are over them. */
const CAP = 3;

describe('exports over their cap (exportMaxRows): a 413 naming both counts, nothing written, the refusal audited', () => {
  let server: TestServer;
  let operator: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ exportMaxRows: { csv: CAP, xlsx: CAP } });
    operator = await server.as('operator', DISTRICT);
    const street = server.model.children(DISTRICT)[0]!.code;
    const grid = server.model.children(server.model.children(street)[0]!.code)[0]!;
    // Five cases in the district: three of them 矛盾纠纷, two 市容环境.
    for (let i = 0; i < 5; i++) {
      const body = { channel: 'hotline_12345', category: i < 3 ? 'MD' : 'SR', subcategory: i < 3 ? 'MD01' : 'SR01', urgency: 'normal', lon: grid.centroid[0], lat: grid.centroid[1], description: `导出上限测试 ${i}` };
      const res = await operator.post('/api/cases', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });
  afterAll(async () => server?.close());

  const refusals = async () => (await server.auth.auditLog(DISTRICT, { action: 'export', limit: 100 })).filter((e) => e.outcome === 'refused');

  it.each(['csv', 'xlsx'] as const)('%s: five matching cases are refused with a 413 and a message; three go through', async (format) => {
    const before = (await refusals()).length;
    const over = await fetch(`${server.url}/api/cases/export.${format}?area=${DISTRICT}`, { headers: operator.headers });
    expect(over.status).toBe(413);
    expect(over.headers.get('content-disposition')).toBeNull();
    const body = (await over.json()) as { error: { message: string } };
    expect(body.error.message).toBe(`the export holds at most ${CAP} rows and these filters match 5: narrow the period or the filters`);
    const audited = await refusals();
    expect(audited.length).toBe(before + 1);
    expect(audited[0]).toMatchObject({ action: 'export', outcome: 'refused', area: DISTRICT });

    // Narrowed to the cap, the same export is written.
    const ok = await fetch(`${server.url}/api/cases/export.${format}?area=${DISTRICT}&category=MD`, { headers: operator.headers });
    expect(ok.status).toBe(200);
    const list = await operator.get(`/api/cases?area=${DISTRICT}&category=MD`);
    expect(list.body.total).toBe(CAP);
    const ids = (list.body.items as { id: string }[]).map((c) => c.id);
    if (format === 'csv') {
      const lines = (await ok.text()).trim().split('\r\n').slice(1);
      expect(lines.map((l) => l.split(',')[0])).toEqual(ids);
    } else {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await ok.arrayBuffer());
      const rows: unknown[][] = [];
      workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows.slice(2).map((r) => r[0])).toEqual(ids);
    }
  });
});
