/** Bounds in degrees, in the data set's datum (GCJ-02 for this city). */
export interface LonLatBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export function boxesIntersect(a: LonLatBox, b: LonLatBox): boolean {
  return a.west <= b.east && b.west <= a.east && a.south <= b.north && b.south <= a.north;
}

export function boxCenter(box: LonLatBox): [number, number] {
  return [(box.west + box.east) / 2, (box.south + box.north) / 2];
}

/** maplibre's LngLatBoundsLike: [[west, south], [east, north]]. */
export function toLngLatBounds(box: LonLatBox): [[number, number], [number, number]] {
  return [
    [box.west, box.south],
    [box.east, box.north],
  ];
}
