import type { CaseStatus, Urgency } from '../../../shared/src/cases/caseModel.js';
import { SUBCATEGORY_BY_CODE } from '../../../shared/src/cases/categories.js';
import { isRecord } from '../api/isRecord.js';

/** What a map tooltip says: a first line in bold, then "label: value" lines. Plain text, shown by React (escaped). */
export interface TooltipText {
  title: string;
  lines: string[];
}

/** What a case point's tooltip shows of its case (GET /api/cases/by-seq/:seq). */
export interface CaseFacts {
  id: string;
  category: string;
  subcategory: string;
  urgency: Urgency;
  status: CaseStatus;
  /** ISO time of the report, null if unknown. */
  reported: string | null;
}

/** The screen's own labels for a case (its table's column heads, names of categories, urgencies and statuses, its time format). */
export interface CaseTipLabels {
  columns: { category: string; urgency: string; status: string; time: string };
  categoryName: (code: string) => string;
  urgency: Readonly<Record<Urgency, string>>;
  status: Readonly<Record<CaseStatus, string>>;
  time: (iso: string | null) => string;
}

/** What is under the pointer: a case point, a choropleth area with the value the map shows, or a building. */
export type TooltipSubject =
  | { kind: 'case'; facts: CaseFacts; labels: CaseTipLabels }
  /** `metric`: the name of the value the map colours by (在办, 案件数, …); null value: none known. */
  | { kind: 'area'; name: string; metric: string; value: number | null; locale: string }
  /** `metric`: the name of the case count; null cases: not counted. */
  | { kind: 'building'; name: string; metric: string; cases: number | null; locale: string };

const figure = (value: number | null, locale: string): string => (value === null ? '—' : value.toLocaleString(locale));

/** The text of a map tooltip: one function for every screen that shows one (the desk, the leaders' view). */
export function mapTooltipText(subject: TooltipSubject): TooltipText {
  switch (subject.kind) {
    case 'case': {
      const { facts: c, labels: l } = subject;
      const sub = SUBCATEGORY_BY_CODE.get(c.subcategory)?.name ?? c.subcategory;
      return {
        title: c.id,
        lines: [
          `${l.columns.category}: ${l.categoryName(c.category)} · ${sub}`,
          `${l.columns.urgency}: ${l.urgency[c.urgency] ?? c.urgency}`,
          `${l.columns.status}: ${l.status[c.status] ?? c.status}`,
          `${l.columns.time}: ${l.time(c.reported)}`,
        ],
      };
    }
    case 'area':
      return { title: subject.name, lines: [`${subject.metric}: ${figure(subject.value, subject.locale)}`] };
    case 'building':
      return { title: subject.name, lines: subject.cases === null ? [] : [`${subject.metric}: ${figure(subject.cases, subject.locale)}`] };
  }
}

/** Gap between the pointer and the tooltip, and between the tooltip and the viewport's edge (CSS px). */
const OFFSET_PX = 12;
const MARGIN_PX = 4;

/**
 * Where a tooltip of `size` goes for a pointer at (x, y), all in the viewport's CSS pixels: below
 * and right of the pointer, flipped to the other side where it would cross the viewport's edge,
 * and always inside the viewport (pinned to its top-left corner when larger than it).
 */
export function placeTooltip(x: number, y: number, size: { width: number; height: number }, viewport: { width: number; height: number }): { left: number; top: number } {
  const along = (at: number, extent: number, room: number): number => {
    let start = at + OFFSET_PX;
    if (start + extent > room - MARGIN_PX) start = at - OFFSET_PX - extent;
    return Math.max(MARGIN_PX, Math.min(start, room - MARGIN_PX - extent));
  };
  return { left: along(x, size.width, viewport.width), top: along(y, size.height, viewport.height) };
}

/** The facts of GET /api/cases/by-seq/:seq or /api/cases/:id (the server contract; parsed, not trusted). */
export function parseCaseFacts(json: unknown, url: string): CaseFacts {
  if (
    !isRecord(json) ||
    typeof json.id !== 'string' ||
    typeof json.category !== 'string' ||
    typeof json.subcategory !== 'string' ||
    typeof json.urgency !== 'string' ||
    typeof json.status !== 'string'
  ) {
    throw new Error(`${url}: the answer names no case id, category, subcategory, urgency or status`);
  }
  const reported = isRecord(json.times) && typeof json.times.reported === 'string' ? json.times.reported : null;
  return { id: json.id, category: json.category, subcategory: json.subcategory, urgency: json.urgency as Urgency, status: json.status as CaseStatus, reported };
}
