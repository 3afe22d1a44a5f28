import type { AreaNode, Datum } from '../../../shared/src/city/model.js';
import type { CityTopology } from '../../../shared/src/city/topology.js';
import { isRecord } from './isRecord.js';

/** Body of GET /api/areas (the server contract; parsed, not trusted). */
export interface AreasResponse {
  city: AreaNode;
  datum: Datum;
  counts: { district: number; street: number; community: number; grid: number };
  geometry: { overview: string; districts: Record<string, string> };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function fail(what: string, why: string): never {
  throw new Error(`${what} is not what the client expects: ${why}`);
}

export function parseAreasResponse(json: unknown): AreasResponse {
  const what = 'GET /api/areas';
  if (!isRecord(json)) fail(what, 'body is not an object');
  const { city, datum, counts, geometry } = json;
  if (!isRecord(city) || typeof city.code !== 'string' || typeof city.name !== 'string') fail(what, 'city has no code or name');
  if (datum !== 'GCJ-02' && datum !== 'WGS-84') fail(what, `unknown datum ${String(datum)}`);
  if (!isRecord(counts)) fail(what, 'counts is missing');
  for (const level of ['district', 'street', 'community', 'grid'] as const) {
    if (!isNumber(counts[level])) fail(what, `counts.${level} is not a number`);
  }
  if (!isRecord(geometry) || typeof geometry.overview !== 'string' || !isRecord(geometry.districts)) {
    fail(what, 'geometry.overview or geometry.districts is missing');
  }
  const districts: Record<string, string> = {};
  for (const [code, url] of Object.entries(geometry.districts)) {
    if (typeof url !== 'string') fail(what, `geometry.districts.${code} is not a URL`);
    districts[code] = url;
  }
  return {
    city: city as unknown as AreaNode,
    datum,
    counts: counts as AreasResponse['counts'],
    geometry: { overview: geometry.overview, districts },
  };
}

/** Shallow check of a TopoJSON body; geometries are checked as they are converted. */
export function parseTopology(json: unknown, url: string): CityTopology {
  const what = `GET ${url}`;
  if (!isRecord(json) || json.type !== 'Topology') fail(what, 'body is not a TopoJSON Topology');
  const { transform, objects, arcs } = json;
  if (!isRecord(transform) || !Array.isArray(transform.scale) || !Array.isArray(transform.translate)) {
    fail(what, 'it is not quantized (no transform)');
  }
  if (![...transform.scale, ...transform.translate].every(isNumber) || transform.scale.length !== 2) {
    fail(what, 'transform.scale / translate are not number pairs');
  }
  if (!isRecord(objects) || !Array.isArray(arcs)) fail(what, 'objects or arcs is missing');
  for (const [name, object] of Object.entries(objects)) {
    if (!isRecord(object) || !Array.isArray(object.geometries)) fail(what, `object "${name}" has no geometries`);
  }
  return json as unknown as CityTopology;
}
