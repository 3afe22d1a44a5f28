import type { Rgba } from '../../theme.js';

/** The page's tone: the desk has a light and a dark map, the wall a dark one. */
export type MapTone = 'light' | 'dark';

/**
 * Violet, a hue no other layer uses (cases are cyan to red, lines cyan, teal and amber), one step
 * per class of BUILDING_CLASS_FROM: deeper on the light map, brighter on the dark one. Opaque, so
 * the cell's choropleth under them does not change their colour.
 */
export const BUILDING_COLORS: Record<MapTone, readonly Rgba[]> = {
  dark: [
    [110, 96, 160, 255],
    [165, 120, 255, 255],
    [215, 105, 255, 255],
    [255, 80, 210, 255],
  ],
  light: [
    [196, 184, 222, 255],
    [150, 110, 215, 255],
    [118, 58, 196, 255],
    [84, 18, 140, 255],
  ],
};
