import { TextLayer } from '@deck.gl/layers';
import type { Rgba, WallTheme } from '../../theme.js';
import { LABEL_LINE_HEIGHT, LABEL_OUTLINE_PX, type PlacedLabel } from './labelPlacement.js';

export interface LabelSpec {
  id: string;
  /** The labels placed by placeLabels: where each goes, on one line or two. */
  data: readonly PlacedLabel[];
  color: Rgba;
}

/**
 * Area names drawn by deck.gl from a local font: the offline map style has no glyph server, so
 * maplibre cannot draw text. `characterSet: 'auto'` builds the atlas from the names present
 * (a full CJK atlas would be ~20,000 glyphs).
 */
export function labelLayer({ id, data, color }: LabelSpec, theme: WallTheme): TextLayer<PlacedLabel> {
  return new TextLayer<PlacedLabel>({
    id,
    data: data as PlacedLabel[],
    visible: data.length > 0,
    characterSet: 'auto',
    fontFamily: theme.fontFamily,
    fontWeight: 500,
    // SDF so the outline keeps names legible over dense grid lines.
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    outlineWidth: LABEL_OUTLINE_PX,
    outlineColor: theme.labelOutline,
    lineHeight: LABEL_LINE_HEIGHT,
    getPosition: (l) => l.position as [number, number],
    getText: (l) => l.text,
    getPixelOffset: (l) => l.offset,
    getColor: color,
    getSize: (l) => l.size,
    sizeUnits: 'pixels',
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
  });
}
