import type { CanvasLayout, Insets } from './canvasScale.js';

/** A panel's place on the design canvas, in design units. */
export interface PanelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type PanelId = 'kpi' | 'category' | 'trend' | 'children' | 'feed' | 'alerts';

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
const KPI_H = 430; // today's six KPIs (3 rows) and a row of live counters
const ALERTS_H = 200; // title and three alert rows, along the bottom of the map
const CATEGORY_TOP = HEADER + KPI_H + GAP;
const CATEGORY_H = 250; // title and the five largest categories
const TREND_TOP = CATEGORY_TOP + CATEGORY_H + GAP;
const TREND_H = 1080 - MARGIN - TREND_TOP; // title, legend and the 24-hour lines

/**
 * 16:9 (1920×1080): a column each side (figures, categories and the 24-hour trend on the left;
 * the feed and the ranking on the right), the map between, the alert list along the map's bottom.
 * 32:9 (3840×1080): two columns on the left (figures, categories and trend; ranking), the feed
 * at full height on the right, the alert list along the bottom of the map between them.
 */
export const PANEL_LAYOUTS: Record<CanvasLayout, PanelLayout> = {
  standard: {
    panels: {
      kpi: { left: MARGIN, top: HEADER, width: 440, height: KPI_H },
      category: { left: MARGIN, top: CATEGORY_TOP, width: 440, height: CATEGORY_H },
      trend: { left: MARGIN, top: TREND_TOP, width: 440, height: TREND_H },
      feed: { left: 1920 - MARGIN - 560, top: HEADER, width: 560, height: 530 },
      children: { left: 1920 - MARGIN - 560, top: HEADER + 530 + GAP, width: 560, height: 1080 - MARGIN - (HEADER + 530 + GAP) },
      alerts: { left: MARGIN + 440 + GAP, top: 1080 - MARGIN - ALERTS_H, width: 1920 - 2 * (MARGIN + GAP) - 440 - 560, height: ALERTS_H },
    },
    feedRows: 8,
    childRows: 6,
    alertRows: 3,
    categoryBars: 5,
    rowHeight: ROW,
    mapInsets: { top: HEADER, right: 560 + MARGIN + GAP, bottom: MARGIN + ALERTS_H + GAP, left: 440 + MARGIN + GAP },
  },
  wide: {
    panels: {
      kpi: { left: MARGIN, top: HEADER, width: 600, height: KPI_H },
      category: { left: MARGIN, top: CATEGORY_TOP, width: 600, height: CATEGORY_H },
      trend: { left: MARGIN, top: TREND_TOP, width: 600, height: TREND_H },
      children: { left: MARGIN + 600 + GAP, top: HEADER, width: 520, height: 1080 - MARGIN - HEADER },
      feed: { left: 3840 - MARGIN - 720, top: HEADER, width: 720, height: 1080 - MARGIN - HEADER },
      alerts: { left: MARGIN + 600 + GAP + 520 + GAP, top: 1080 - MARGIN - ALERTS_H, width: 3840 - 2 * (MARGIN + GAP) - 600 - GAP - 520 - 720, height: ALERTS_H },
    },
    feedRows: 17,
    childRows: 17,
    alertRows: 3,
    categoryBars: 5,
    rowHeight: ROW,
    mapInsets: { top: HEADER, right: 720 + MARGIN + GAP, bottom: MARGIN + ALERTS_H + GAP, left: MARGIN + 600 + GAP + 520 + GAP },
  },
};
