import { z } from 'zod';
import type { Building } from '../city/buildings.js';
import type { Level } from '../city/levels.js';
import type { AreaNode, Datum } from '../city/model.js';

/** GET /api/areas */
export interface AreasSummary {
  city: AreaNode;
  datum: Datum;
  counts: Record<Level, number | 'on request'>;
  geometry: { overview: string; districts: Record<string, string> };
}

/** GET /api/areas/:code — a node, its ancestors (city first) and its children. */
export interface AreaDetail {
  node: AreaNode | Building;
  ancestors: AreaNode[];
  children: (AreaNode | Building)[];
}

/**
 * GET /api/areas/:code/grid-households — households of the grid cells under an area, cut to the
 * caller's scope: the wall divides live counts by them (cases per 10,000 households).
 */
export interface GridHouseholds {
  /** The area whose cells are listed: the one asked for, or the caller's own area where that lies inside it. */
  area: string;
  /** Grid cell code → households. */
  households: Record<string, number>;
}

/** GET /api/resolve?lon=&lat= */
export interface ResolveResponse {
  lon: number;
  lat: number;
  datum: Datum;
  chain: { city: AreaNode; district: AreaNode; street: AreaNode; community: AreaNode; grid: AreaNode };
}

/** Coordinates in a query string: numbers in degrees, in range. */
const degrees = (name: 'lon' | 'lat', limit: number) =>
  z
    .string({ error: `${name} is required (degrees)` })
    .trim()
    .min(1, `${name} is required (degrees)`)
    .transform(Number)
    .refine((v) => Number.isFinite(v), `${name} must be a finite number (degrees)`)
    .refine((v) => v >= -limit && v <= limit, `${name} must be within [-${limit}, ${limit}]`);

export const ResolveQuery = z.object({ lon: degrees('lon', 180), lat: degrees('lat', 90) });

/** Error body of every 4xx/5xx answer. */
export interface ApiError {
  /** `state` and `allowed`: a refused case action says where the case stands and what it allows. */
  error: { status: number; message: string; field?: string; state?: string; allowed?: string[] };
}
