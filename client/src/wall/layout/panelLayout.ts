import type { CanvasLayout, Insets } from './canvasScale.js';

/** A panel's place on the design canvas, in design units. */
export interface PanelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type PanelId = 'kpi' | 'category' | 'trend' | 'children' | 'feed' | 'alerts' | 'party';

export interface PanelLayout {
  panels: Record<PanelId, PanelRect>;
  /** Rows in view of the case feed and of the ranking board. */
  feedRows: number;
  childRows: number;
  /** Rows of the alert list (newest first). */
  alertRows: number;
  /** Bars of the category chart (the largest categories). */
  categoryBars: number;
  /** Height of one board row (design units): ~2 cm on a 4 m wide 1080p wall, legible at 10 m. */
  rowHeight: number;
  /** Where the panels cover the map: the map frames areas inside the rest. */
  mapInsets: Insets;
}

const HEADER = 100; // title bar height
const MARGIN = 24;
const GAP = 16;
const ROW = 46;
const KPI_H = 470; // today's six KPIs (3 rows) and a row of live counters, their labels on up to two lines
const ALERTS_H = 200; // title and three alert rows, along the bottom of the map
const CATEGORY_TOP = HEADER + KPI_H + GAP;
const CATEGORY_H = 230; // title and the five largest categories
const TREND_TOP = CATEGORY_TOP + CATEGORY_H + GAP;
const TREND_H = 1080 - MARGIN - TREND_TOP; // title, legend and the 24-hour lines
// 党建引领 shares the strip along the map's bottom with the alerts: four rows of a label and a
// figure (组织覆盖, 党员, 干部在岗, 五星支部) in the same 200 units.
const PARTY_W = 370;
const PARTY_W_WIDE = 560;
const STANDARD_STRIP = 1920 - 2 * (MARGIN + GAP) - 450 - 620;
const WIDE_STRIP = 3840 - 2 * (MARGIN + GAP) - 540 - GAP - 700 - 960;

/**
 * Widths hold the text sizes of theme.ts (TEXT: 24 units and up): the right column's boards need
 * 620 for five columns of 24-unit text, the left one 450 for three live counters a row (近1小时新增).
 * On the wide canvas the boards are as wide as the longest names need (13 characters:
 * 郑州经济技术开发区明湖街道), and the map keeps 40% of the width.
 *
 * 16:9 (1920×1080): a column each side (figures, categories and the 24-hour trend on the left;
 * the feed and the ranking on the right), the map between, the alert list and 党建引领 along the
 * map's bottom.
 * 32:9 (3840×1080): two columns on the left (figures, categories and trend; ranking), the feed
 * at full height on the right, the alert list and 党建引领 along the bottom of the map between them.
 */
export const PANEL_LAYOUTS: Record<CanvasLayout, PanelLayout> = {
  standard: {
    panels: {
      kpi: { left: MARGIN, top: HEADER, width: 450, height: KPI_H },
      category: { left: MARGIN, top: CATEGORY_TOP, width: 450, height: CATEGORY_H },
      trend: { left: MARGIN, top: TREND_TOP, width: 450, height: TREND_H },
      feed: { left: 1920 - MARGIN - 620, top: HEADER, width: 620, height: 530 },
      children: { left: 1920 - MARGIN - 620, top: HEADER + 530 + GAP, width: 620, height: 1080 - MARGIN - (HEADER + 530 + GAP) },
      alerts: { left: MARGIN + 450 + GAP, top: 1080 - MARGIN - ALERTS_H, width: STANDARD_STRIP - GAP - PARTY_W, height: ALERTS_H },
      party: { left: MARGIN + 450 + GAP + STANDARD_STRIP - PARTY_W, top: 1080 - MARGIN - ALERTS_H, width: PARTY_W, height: ALERTS_H },
    },
    feedRows: 8,
    childRows: 6,
    alertRows: 3,
    categoryBars: 5,
    rowHeight: ROW,
    mapInsets: { top: HEADER, right: 620 + MARGIN + GAP, bottom: MARGIN + ALERTS_H + GAP, left: 450 + MARGIN + GAP },
  },
  wide: {
    panels: {
      kpi: { left: MARGIN, top: HEADER, width: 540, height: KPI_H },
      category: { left: MARGIN, top: CATEGORY_TOP, width: 540, height: CATEGORY_H },
      trend: { left: MARGIN, top: TREND_TOP, width: 540, height: TREND_H },
      children: { left: MARGIN + 540 + GAP, top: HEADER, width: 700, height: 1080 - MARGIN - HEADER },
      feed: { left: 3840 - MARGIN - 960, top: HEADER, width: 960, height: 1080 - MARGIN - HEADER },
      alerts: { left: MARGIN + 540 + GAP + 700 + GAP, top: 1080 - MARGIN - ALERTS_H, width: WIDE_STRIP - GAP - PARTY_W_WIDE, height: ALERTS_H },
      party: { left: MARGIN + 540 + GAP + 700 + GAP + WIDE_STRIP - PARTY_W_WIDE, top: 1080 - MARGIN - ALERTS_H, width: PARTY_W_WIDE, height: ALERTS_H },
    },
    feedRows: 17,
    childRows: 17,
    alertRows: 3,
    categoryBars: 5,
    rowHeight: ROW,
    mapInsets: { top: HEADER, right: 960 + MARGIN + GAP, bottom: MARGIN + ALERTS_H + GAP, left: MARGIN + 540 + GAP + 700 + GAP },
  },
};
