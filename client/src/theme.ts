/** RGBA, 0–255 per channel, as deck.gl accessors expect. */
export type Rgba = [number, number, number, number];

/**
 * Text sizes in design units (CSS px of the 1920×1080 canvas; the 3840×1080 one has the same unit),
 * for reading from the back of the room. The one place they are set: the panels read them as CSS
 * variables (textVariables), the charts and the map labels from here.
 *
 * Rule: a character is legible at about 1/300 of the viewing distance (big-screen practice:
 * 1/250–1/300). Sized for a 4 m wide wall read from 10 m: one unit is 4000 mm / 1920 ≈ 2.1 mm,
 * and 10 m / 300 ≈ 33 mm ≈ 16 units of glyph height. A Latin capital fills ~0.7 em and a CJK glyph
 * ~0.9 em, so text needs a font size of 16 / 0.7 ≈ 23 → 24 units (50 mm), and map labels, which
 * are Chinese place names only, 16 / 0.9 ≈ 18 → 20 units (42 mm).
 */
export const TEXT = {
  /** The smallest text on the canvas: board rows and heads, figure labels, legends, notices, chart axes. */
  min: 24,
  panelTitle: 28,
  /** The wall's title in the header. */
  title: 44,
  /** Today's KPIs (flip counters), and the live counts under them. */
  figure: 44,
  figureSmall: 34,
  /** The alarm takeover card: its heading and its lines. */
  takeoverTitle: 48,
  takeover: 32,
  /**
   * Map labels: the smallest, and one per level. Districts stay at 22: the 15 names must all fit
   * the city's crowded centre at the 1920 canvas's city framing, near their areas (mapLabels.test).
   */
  mapLabelMin: 20,
  mapDistrict: 22,
  mapStreet: 20,
  mapCommunity: 20,
} as const;

/** TEXT as CSS custom properties (`--text-min: 24px` ...), set on the wall's root element for wall.css. */
export function textVariables(): Record<string, string> {
  return Object.fromEntries(Object.entries(TEXT).map(([name, size]) => [`--text-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, `${size}px`]));
}

export interface WallTheme {
  /** CSS colour of the map background (also the page background). */
  background: string;
  cityFill: Rgba;
  cityLine: Rgba;
  districtLine: Rgba;
  streetLine: Rgba;
  communityLine: Rgba;
  gridLine: Rgba;
  highlightFill: Rgba;
  highlightLine: Rgba;
  labelDistrict: Rgba;
  labelStreet: Rgba;
  labelCommunity: Rgba;
  labelOutline: Rgba;
  /** A locally installed CJK font: maplibre glyph PBFs are not available offline. */
  fontFamily: string;
}

// Line colours are chosen to be told apart by hue in screenshots as well as by eye: districts
// amber, streets slate, communities teal, grids cyan.
export const darkTheme: WallTheme = {
  background: '#050b18',
  cityFill: [14, 38, 72, 255],
  cityLine: [90, 200, 255, 255],
  districtLine: [255, 190, 60, 230],
  streetLine: [120, 140, 170, 150],
  communityLine: [40, 200, 170, 170],
  gridLine: [0, 230, 255, 110],
  highlightFill: [255, 80, 60, 50],
  highlightLine: [255, 90, 70, 255],
  labelDistrict: [255, 226, 150, 255],
  labelStreet: [200, 214, 235, 230],
  labelCommunity: [150, 235, 215, 230],
  labelOutline: [5, 11, 24, 255],
  fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif',
};

/** Over a basemap from the user's network the city silhouette only tints it (alpha 64 of 255), so its roads and labels show. */
export function overBasemap(theme: WallTheme): WallTheme {
  const [r, g, b] = theme.cityFill;
  return { ...theme, cityFill: [r, g, b, 64] };
}
