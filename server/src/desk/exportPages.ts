import { pagesByCursor } from '../store/caseQuerySql.js';
import type { CasePage, CaseQuery } from '../store/caseStore.js';

/**
 * The pages of a list query for an export, in its order, until `max` rows or the end: the keyset
 * cursor in the default order, offsets in the others. Each page is read when the previous one has
 * been written, so a large export streams.
 */
export async function* exportPages(readPage: (q: CaseQuery) => Promise<CasePage>, query: CaseQuery, max: number): AsyncGenerator<CasePage> {
  const q: CaseQuery = { ...query };
  const byCursor = pagesByCursor(q);
  let read = 0;
  while (read < max) {
    q.limit = Math.min(query.limit, max - read);
    const page = await readPage(q);
    yield page;
    read += page.items.length;
    if (page.items.length < q.limit || page.items.length === 0) return;
    if (byCursor) {
      if (!page.nextCursor) return;
      q.cursor = page.nextCursor;
    } else {
      q.offset = (query.offset ?? 0) + read;
    }
  }
}

/** The 413 of an export over its cap: both counts, and what to do. */
export const exportTooLarge = (max: number, rows: number): string =>
  `the export holds at most ${max.toLocaleString('en-US')} rows and these filters match ${rows.toLocaleString('en-US')}: narrow the period or the filters`;
