/** RGBA, 0–255 per channel, as deck.gl accessors expect. */
export type Rgba = [number, number, number, number];

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
