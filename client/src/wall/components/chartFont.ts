/** The wall's CJK font stack for text echarts draws on its canvas (it does not inherit CSS). */
export const CHART_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif';
