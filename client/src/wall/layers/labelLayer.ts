import { TextLayer } from '@deck.gl/layers';
import type { AreaFeature } from '../geo/areaFeatures.js';
import type { Rgba, WallTheme } from '../theme.js';

export interface LabelSpec {
  id: string;
  data: readonly AreaFeature[];
  color: Rgba;
  /** Text height in screen pixels. */
  sizePx: number;
  visible: boolean;
}

/**
 * Area names drawn by deck.gl from a local font: the offline map style has no glyph server, so
 * maplibre cannot draw text. `characterSet: 'auto'` builds the atlas from the names present
 * (a full CJK atlas would be ~20,000 glyphs).
 */
export function labelLayer({ id, data, color, sizePx, visible }: LabelSpec, theme: WallTheme): TextLayer<AreaFeature> {
  return new TextLayer<AreaFeature>({
    id,
    data: data as AreaFeature[],
    visible,
    characterSet: 'auto',
    fontFamily: theme.fontFamily,
    fontWeight: 500,
    // SDF so the outline keeps names legible over dense grid lines.
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    outlineWidth: 3,
    outlineColor: theme.labelOutline,
    getPosition: (f) => f.properties.anchor,
    getText: (f) => f.properties.name,
    getColor: color,
    getSize: sizePx,
    sizeUnits: 'pixels',
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
  });
}
