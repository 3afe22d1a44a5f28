import type { LonLatBox } from '../geo/lonLatBox.js';

/**
 * Where the map's labels go, decided on the CPU once a move ends: each label takes the first spot
 * near its anchor where it overlaps no label placed before it and lies wholly inside the free part
 * of the map (not under the title or a panel); a label with no such spot is not drawn. Pure, so
 * the rules are tested without WebGL, and the wall can publish the boxes it drew.
 */

export interface LabelCandidate {
  /** The area's code: unique across levels. */
  code: string;
  name: string;
  /** Anchor [lon, lat]. */
  position: readonly [number, number];
  /** Font size in screen pixels (design units). */
  size: number;
}

/** A rectangle in the map's screen pixels (design units), right and bottom exclusive. */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface PlacedLabel {
  code: string;
  /** The name, on one line or broken in two with "\n". */
  text: string;
  position: readonly [number, number];
  size: number;
  /** From the anchor to the label's centre, screen pixels (TextLayer getPixelOffset). */
  offset: [number, number];
  box: ScreenBox;
}

/** What the camera shows at rest: enough to project a point to the screen. */
export interface LabelViewport {
  bounds: LonLatBox;
  /** The map's size in screen pixels (design units). */
  width: number;
  height: number;
}

/** Line height of the label layers, in ems (TextLayer lineHeight). */
export const LABEL_LINE_HEIGHT = 1.1;
/** Room kept round each glyph for its SDF outline (TextLayer outlineWidth, in font-atlas pixels: less on screen). */
export const LABEL_OUTLINE_PX = 3;
/** Space kept between two labels, and between a label and the edge of the free map, screen pixels. */
const GAP_PX = 6;
/** Names at least this long may be broken into two lines. */
const WRAP_MIN_CHARS = 6;
/**
 * Where a name may break: before these parts of a Chinese place name (经济技术 | 开发区), never
 * inside a word. The break that makes the longer line shortest wins.
 */
const BREAK_BEFORE = ['经济', '技术', '产业', '综合', '开发区', '实验区', '街道', '社区', '办事处', '回族区'];
/**
 * Where a label may go, in half-extents of its box (plus the gap) from its anchor, best first:
 * centred, just above, below, right and left, the corners, then further off (a label moves away
 * rather than be left out).
 */
const AROUND: readonly (readonly [number, number])[] = [
  [0, 0], [0, -1], [0, 1], [1, 0], [-1, 0], [1, -1], [-1, -1], [1, 1], [-1, 1],
  [0, -2], [0, 2], [2, 0], [-2, 0], [0, -3], [0, 3], [2, -1], [-2, -1], [2, 1], [-2, 1], [0, -4], [0, 4],
];
/** Groups up to this size (the 15 districts) are repaired when the first pass leaves labels out. */
const REPAIR_MAX_LABELS = 40;
/** Repair moves per label of the group: bounds the work (well under a millisecond for the districts). */
const REPAIR_MOVES_PER_LABEL = 50;
/** Side of a bucket of the grid that finds the labels near a box, screen pixels: about two names. */
const BUCKET_PX = 64;

const mercatorY = (lat: number): number => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));

/** Web Mercator from the view's bounds to its screen pixels (a map at rest, north up). */
export function projectorOf(view: LabelViewport): (position: readonly [number, number]) => [number, number] {
  const { west, east, south, north } = view.bounds;
  const top = mercatorY(north);
  const bottom = mercatorY(south);
  return ([lon, lat]) => [((lon - west) / (east - west)) * view.width, ((top - mercatorY(lat)) / (top - bottom)) * view.height];
}

/** Width of a line in ems: CJK and full-width glyphs 1 em, the rest (digits, Latin) about 0.6 em. */
export function lineEms(line: string): number {
  let ems = 0;
  for (const char of line) ems += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(char) ? 1 : 0.6;
  return ems;
}

/** The name in two lines at the best break of BREAK_BEFORE, or null when it is short or has none. */
export function wrapName(name: string): string | null {
  const chars = [...name];
  if (chars.length < WRAP_MIN_CHARS) return null;
  let best: { at: number; longest: number } | null = null;
  for (const part of BREAK_BEFORE) {
    for (let at = name.indexOf(part, 1); at > 0; at = name.indexOf(part, at + 1)) {
      const first = [...name.slice(0, at)].length;
      if (first < 2 || chars.length - first < 2) continue;
      const longest = Math.max(first, chars.length - first);
      if (!best || longest < best.longest) best = { at, longest };
    }
  }
  return best ? `${name.slice(0, best.at)}\n${name.slice(best.at)}` : null;
}

const overlaps = (a: ScreenBox, b: ScreenBox): boolean => a.left < b.right + GAP_PX && b.left < a.right + GAP_PX && a.top < b.bottom + GAP_PX && b.top < a.bottom + GAP_PX;

const inside = (a: ScreenBox, free: ScreenBox): boolean =>
  a.left >= free.left + GAP_PX && a.right <= free.right - GAP_PX && a.top >= free.top + GAP_PX && a.bottom <= free.bottom - GAP_PX;

/** Boxes bucketed on a grid, so testing a box against hundreds of placed labels looks at a few. */
class BoxGrid {
  readonly #buckets = new Map<number, ScreenBox[]>();

  #keys(b: ScreenBox): number[] {
    const keys: number[] = [];
    for (let x = Math.floor((b.left - GAP_PX) / BUCKET_PX); x <= Math.floor((b.right + GAP_PX) / BUCKET_PX); x++) {
      for (let y = Math.floor((b.top - GAP_PX) / BUCKET_PX); y <= Math.floor((b.bottom + GAP_PX) / BUCKET_PX); y++) keys.push(x * 65_536 + y);
    }
    return keys;
  }

  add(b: ScreenBox): void {
    for (const key of this.#keys(b)) {
      const bucket = this.#buckets.get(key);
      if (bucket) bucket.push(b);
      else this.#buckets.set(key, [b]);
    }
  }

  hits(b: ScreenBox): boolean {
    return this.#keys(b).some((key) => this.#buckets.get(key)?.some((other) => overlaps(b, other)) ?? false);
  }
}

type Option = { text: string; offset: [number, number]; box: ScreenBox };

/**
 * Where a candidate anchored at screen point `at` may go, best first. A long name tries every
 * spot on two lines before one: one line of 郑州航空港经济综合实验区 would cover its neighbours.
 */
function optionsOf(candidate: LabelCandidate, at: [number, number]): Option[] {
  const wrapped = wrapName(candidate.name);
  return (wrapped ? [wrapped, candidate.name] : [candidate.name]).flatMap((text) => {
    const lines = text.split('\n');
    const halfWidth = (Math.max(...lines.map(lineEms)) * candidate.size) / 2 + LABEL_OUTLINE_PX;
    const halfHeight = (lines.length * candidate.size * LABEL_LINE_HEIGHT) / 2 + LABEL_OUTLINE_PX;
    return AROUND.map(([kx, ky]) => {
      const offset: [number, number] = [kx * (halfWidth + GAP_PX / 2), ky * (halfHeight + GAP_PX / 2)];
      const [cx, cy] = [at[0] + offset[0], at[1] + offset[1]];
      return { text, offset, box: { left: cx - halfWidth, top: cy - halfHeight, right: cx + halfWidth, bottom: cy + halfHeight } };
    });
  });
}

/** Each label takes its first option clear of those placed before it, in order. */
function firstFit(options: readonly Option[][]): (number | null)[] {
  const grid = new BoxGrid();
  return options.map((own) => {
    const o = own.findIndex(({ box }) => !grid.hits(box));
    if (o < 0) return null;
    grid.add(own[o]!.box);
    return o;
  });
}

/**
 * A small group that first fit left labels out: a label left out takes the option that displaces
 * the fewest others, and those try again; the arrangement with the most labels (then the most
 * preferred options) wins.
 */
function repaired(options: readonly Option[][], start: readonly (number | null)[]): (number | null)[] {
  const chosen = [...start];
  const clashes = (i: number, o: number): number[] =>
    chosen.flatMap((c, j) => (c !== null && j !== i && overlaps(options[i]![o]!.box, options[j]![c]!.box) ? [j] : []));
  const score = (c: readonly (number | null)[]): [number, number] => [c.filter((o) => o !== null).length, -c.reduce<number>((sum, o) => sum + (o ?? 0), 0)];
  const better = (a: [number, number], b: [number, number]): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
  let best = [...chosen];
  const queue = chosen.flatMap((o, i) => (o === null && options[i]!.length > 0 ? [i] : []));
  for (let moves = 0; queue.length > 0 && moves < REPAIR_MOVES_PER_LABEL * options.length; moves++) {
    const i = queue.shift()!;
    let pick = 0;
    let evict = clashes(i, 0);
    for (let o = 1; o < options[i]!.length && evict.length > 0; o++) {
      const c = clashes(i, o);
      if (c.length < evict.length) [pick, evict] = [o, c];
    }
    for (const j of evict) {
      chosen[j] = null;
      queue.push(j);
    }
    chosen[i] = pick;
    if (better(score(chosen), score(best))) best = [...chosen];
  }
  return best;
}

/**
 * Places labels in priority order: `groups` first to last (districts before streets before
 * communities), each group in its own order; a later group never moves an earlier one's label.
 * Returns the labels drawn, per group.
 */
export function placeLabels(groups: readonly (readonly LabelCandidate[])[], view: LabelViewport, free: ScreenBox): PlacedLabel[][] {
  const project = projectorOf(view);
  const earlier = new BoxGrid();
  return groups.map((group) => {
    // Anchors outside the free map cannot get a label near them.
    const shown = group.map((candidate) => ({ candidate, at: project(candidate.position) })).filter(({ at }) => at[0] >= free.left && at[0] <= free.right && at[1] >= free.top && at[1] <= free.bottom);
    const options = shown.map(({ candidate, at }) => optionsOf(candidate, at).filter(({ box }) => inside(box, free) && !earlier.hits(box)));
    const first = firstFit(options);
    const complete = first.every((o, i) => o !== null || options[i]!.length === 0);
    const chosen = complete || options.length > REPAIR_MAX_LABELS ? first : repaired(options, first);
    return chosen.flatMap((o, i) => {
      if (o === null) return [];
      const { candidate } = shown[i]!;
      const { text, offset, box } = options[i]![o]!;
      earlier.add(box);
      return [{ code: candidate.code, text, position: candidate.position, size: candidate.size, offset, box }];
    });
  });
}
