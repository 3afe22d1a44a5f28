import type { CityModel } from '../city/cityModel.js';
import { toLonLat, toQuantized } from '../city/topology.js';
import { bboxOf, containsPoint, type MultiPolygonCoords } from '../geo/planar.js';
import { createRandom } from '../util/prng.js';
import type { NamedCentre } from './partyConfig.js';

/** 党群服务中心: a party-mass service centre, one per street and per community, plus any named ones. */
export interface ServiceCentre {
  /** `C` + area code, and `-1`, `-2` ... for further centres in the same area. */
  id: string;
  name: string;
  /** The street's or community's own centre, or another one in it (a business district's, a park's). */
  kind: NamedCentre['kind'];
  /** The street or community it stands in. */
  area: string;
  /** [lon, lat] in the data set's datum, inside the area. */
  position: [number, number];
  /** Its name is known (the configuration's `centres`); otherwise generated from the area's name. */
  named: boolean;
}

const SAMPLES = 64; // inside points drawn when the centroid falls outside a concave area
const ATTEMPTS = 20_000;

/**
 * The centres of every street and community, sorted by area then id. Positions are deterministic:
 * an area's own centre stands at its centroid, or at the sampled inside point nearest to it where
 * the centroid falls outside (a concave area); a further centre at a seeded point inside.
 */
export function placeCentres(model: CityModel, named: readonly NamedCentre[]): ServiceCentre[] {
  const centres: ServiceCentre[] = [];
  const own = new Map<string, ServiceCentre>();
  for (const level of ['street', 'community'] as const) {
    for (const node of model.nodesAt(level)) {
      const centre: ServiceCentre = { id: `C${node.code}`, name: `${node.name}党群服务中心`, kind: level, area: node.code, position: placeInside(model, node.code, true), named: false };
      own.set(node.code, centre);
      centres.push(centre);
    }
  }
  const further = new Map<string, number>();
  named.forEach((entry, i) => {
    const node = model.node(entry.area);
    if (!node || (node.level !== 'street' && node.level !== 'community')) throw new Error(`party config centres.${i}: area ${entry.area} is not a street or community of the city model`);
    if (entry.kind !== 'other') {
      const centre = own.get(entry.area)!;
      centre.name = entry.name;
      centre.named = true;
      return;
    }
    const n = (further.get(entry.area) ?? 0) + 1;
    further.set(entry.area, n);
    centres.push({ id: `C${entry.area}-${n}`, name: entry.name, kind: 'other', area: entry.area, position: placeInside(model, entry.area, false, entry.name), named: true });
  });
  return centres.sort((a, b) => (a.area < b.area ? -1 : a.area > b.area ? 1 : a.id < b.id ? -1 : 1));
}

function placeInside(model: CityModel, code: string, nearCentroid: boolean, salt = ''): [number, number] {
  const node = model.node(code)!;
  const shape = model.geometry(code);
  if (!shape) throw new Error(`area ${code} has no geometry`);
  const transform = model.file.transform;
  const [cx, cy] = toQuantized(transform, node.centroid[0], node.centroid[1]);
  if (nearCentroid && containsPoint(shape, cx, cy)) return lonLat(model, cx, cy);
  const inside = samplesInside(shape, createRandom(`centre:${code}:${salt}`), nearCentroid ? SAMPLES : 1);
  if (inside.length === 0) throw new Error(`no point found inside area ${code}`);
  let best = inside[0]!;
  for (const p of inside) if (Math.hypot(p[0] - cx, p[1] - cy) < Math.hypot(best[0] - cx, best[1] - cy)) best = p;
  return lonLat(model, best[0], best[1]);
}

function samplesInside(shape: MultiPolygonCoords, random: () => number, wanted: number): [number, number][] {
  const { minX, minY, maxX, maxY } = bboxOf(shape);
  const out: [number, number][] = [];
  for (let attempt = 0; attempt < ATTEMPTS && out.length < wanted; attempt++) {
    const x = minX + random() * (maxX - minX);
    const y = minY + random() * (maxY - minY);
    if (containsPoint(shape, x, y)) out.push([x, y]);
  }
  return out;
}

function lonLat(model: CityModel, x: number, y: number): [number, number] {
  const [lon, lat] = toLonLat(model.file.transform, [x, y]);
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}
