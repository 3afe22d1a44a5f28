import { Router } from 'express';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { withinScope } from '../../../shared/src/access/principal.js';
import { CaseListQuery } from '../../../shared/src/api/cases.js';
import { SearchQuery, type SearchArea, type SearchCase, type SearchResponse } from '../../../shared/src/api/desk.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { clientIp, principalOf, requireCapability } from '../auth/authMiddleware.js';
import type { AuthService } from '../auth/authService.js';
import { scopedArea } from '../auth/scope.js';
import type { Clock } from '../cases/caseIngest.js';
import { CSV_LANGS, EXPORT_COLUMNS } from '../cases/caseCsv.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import { InFlightLimit } from '../kpi/inFlightLimit.js';
import type { CaseQuery, CaseStore } from '../store/caseStore.js';
import { caseQueryOf } from './caseListQuery.js';
import { caseNames } from './deskFilter.js';
import { exportHeading } from './exportHeading.js';
import { exportPages, exportTooLarge } from './exportPages.js';

/** Rows an XLSX export holds at most unless the server is told otherwise: beyond it a 413 naming both counts. */
export const MAX_XLSX_ROWS = 50_000;
/** Rows read from the store per page while the workbook streams. */
const EXPORT_PAGE = 2_000;
const SEARCH_LEVELS = ['district', 'street', 'community', 'grid'] as const;
const ExportQuery = z.object({ lang: z.enum(CSV_LANGS, { error: `lang must be one of ${CSV_LANGS.join(', ')}` }).default('zh') });

/** The desk's own reads beside the case list and the KPIs: search and the workbook export. */
export function deskRoutes(deps: { model: CityModel; store: CaseStore; clock: Clock; auth: AuthService; maxXlsxRows?: number }): Router {
  const router = Router();
  const { model } = deps;
  const maxRows = deps.maxXlsxRows ?? MAX_XLSX_ROWS;
  // A text search scans the area's cases: a few at once per account, like the KPI reads.
  const searches = new InFlightLimit(4, 'GET /api/search');
  const exports = new InFlightLimit(2, 'GET /api/cases/export.xlsx');

  router.get('/search', requireCapability('read'), searches.guard(async (req, res) => {
    const q = parseOr400(SearchQuery, req.query);
    const { code, area } = scopedArea(model, principalOf(req), q.area);
    const needle = q.q.toLowerCase();
    const areas: SearchArea[] = [];
    for (const level of SEARCH_LEVELS) {
      for (const node of model.nodesAt(level)) {
        if (areas.length >= q.limit) break;
        if (!withinScope(node.code, code, model.cityCode)) continue;
        if (!node.name.toLowerCase().includes(needle) && !node.code.startsWith(q.q)) continue;
        areas.push({ code: node.code, name: node.name, level, path: model.ancestors(node.code).filter((a) => a.level !== 'city').map((a) => a.name) });
      }
    }
    const cases: SearchCase[] = [];
    const summary = (c: Awaited<ReturnType<CaseStore['get']>> & object, match: SearchCase['match']): SearchCase => ({
      id: c.id,
      reportedAt: c.times.reported!,
      status: c.status,
      category: c.category,
      address: c.address,
      description: c.description,
      names: caseNames(model, c),
      match,
    });
    const id = q.q.toUpperCase();
    if (/^[0-9A-Z]{26}$/.test(id)) {
      const found = await deps.store.get(id);
      if (found && withinScope(found.area.grid, code, model.cityCode)) cases.push(summary(found, 'id'));
    }
    const byText: CaseQuery = { limit: q.limit, text: q.q, ...(area ? { area } : {}) };
    for (const c of (await deps.store.query(byText)).items) if (c.id !== cases[0]?.id && cases.length < q.limit) cases.push(summary(c, 'text'));
    const body: SearchResponse = { q: q.q, areas, cases };
    res.json(body);
  }));

  // The case list's filter state and sort as a workbook: a heading row, the Chinese columns, a row
  // per case (never the reporter's data); refused beyond the cap (MAX_XLSX_ROWS by default); audited.
  router.get('/cases/export.xlsx', requireCapability('export'), exports.guard(async (req, res) => {
    const principal = principalOf(req);
    const { lang: rawLang, ...filters } = req.query;
    const lang = parseOr400(ExportQuery, { lang: rawLang }).lang;
    const parsed = parseOr400(CaseListQuery, filters);
    const now = deps.clock.now();
    const query = caseQueryOf(model, principal, parsed, now, EXPORT_PAGE);
    const pages = exportPages((q) => deps.store.query(q), query, maxRows);
    const first = await pages.next();
    const total = first.done ? 0 : first.value.total;
    const skipped = query.offset ?? 0;
    const rows = Math.max(0, total - skipped);
    const areaCode = query.area?.code ?? model.cityCode;
    if (rows > maxRows) {
      await deps.auth.audit(principal, clientIp(req), { action: 'export', outcome: 'refused', target: req.originalUrl.slice(0, 300), area: areaCode, detail: { rows, max: maxRows } });
      throw new HttpError(413, exportTooLarge(maxRows, rows));
    }
    await deps.auth.audit(principal, clientIp(req), { action: 'export', outcome: 'ok', target: req.originalUrl.slice(0, 300), area: areaCode, detail: { rows, total, format: 'xlsx' } });
    res.setHeader('Content-Disposition', 'attachment; filename="cases.xlsx"');
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // Streamed: rows are written to the response as pages arrive, the workbook never whole in memory.
    // Text goes in as text cells: a spreadsheet never runs "=..." typed into a description.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet(lang === 'zh' ? '案件清单' : 'cases');
    sheet.addRow([exportHeading(model, parsed, query, { now, rows, lang, by: principal.name || principal.username })]).commit();
    sheet.addRow(EXPORT_COLUMNS.map((c) => c[lang])).commit();
    const name = (code: string) => model.node(code)?.name ?? '';
    let page = first.done ? undefined : first.value;
    while (page) {
      for (const c of page.items) sheet.addRow(EXPORT_COLUMNS.map((column) => column.value(c, name))).commit();
      const next = await pages.next();
      page = next.done ? undefined : next.value;
    }
    sheet.commit();
    await workbook.commit();
  }));

  return router;
}
