import type { AreaType, Level } from './levels.js';
import type { Transform } from './topology.js';

/** One node of the hierarchy, city down to grid cell (buildings are generated on request). */
export interface AreaNode {
  code: string;
  name: string;
  /** Official name where it differs from the display name (村民委员会, 居民委员会 ...). */
  fullName?: string;
  level: Level;
  parent: string | null;
  areaType: AreaType;
  households: number;
  population: number;
  areaKm2: number;
  /** [lon, lat] in the datum of the data set */
  centroid: [number, number];
}

export type Datum = 'GCJ-02' | 'WGS-84';

/** The city file written by the fixture build. */
export interface CityFile {
  version: 1;
  city: string;
  datum: Datum;
  /** Why the datum is what it is, and what else a reader should know about the data. */
  notes: string[];
  sources: Record<string, string>;
  transform: Transform;
  /** Geometry files: the overview (city, districts, streets) and one per district. */
  geometry: { overview: string; districts: Record<string, string> };
  nodes: AreaNode[];
}
