import { decodeArcs } from '../../../shared/src/city/topology.js';
import { topologyAreas, type AreaFeature } from '../map/geo/areaFeatures.js';
import { parseAreasResponse, parseTopology, type AreasResponse } from './areasResponse.js';
import { fetchJson, type FetchLike } from './fetchJson.js';
import { gridHouseholdsUrl, parseGridHouseholds } from './gridHouseholds.js';
import { parseWallConfig } from './wallConfig.js';
import type { WallConfig } from '../../../shared/src/api/wallConfig.js';

export interface OverviewAreas {
  city: AreaFeature[];
  districts: AreaFeature[];
  streets: AreaFeature[];
}

export interface CityData {
  areas: AreasResponse;
  overview: OverviewAreas;
  /** The server's settings for the wall (the basemap). */
  config: WallConfig;
}

export interface DistrictAreas {
  code: string;
  communities: AreaFeature[];
  grids: AreaFeature[];
  /** Grid code → households, for the cells within the account's scope; loaded only for a rate per household. */
  households?: ReadonlyMap<string, number>;
}

/** What the wall loads at start: the area catalogue, the overview (city, districts, streets) and its settings. */
export async function loadCity(fetchFn: FetchLike, signal?: AbortSignal): Promise<CityData> {
  const [areas, config] = await Promise.all([
    fetchJson(fetchFn, '/api/areas', parseAreasResponse, signal),
    fetchJson(fetchFn, '/api/wall-config', parseWallConfig, signal),
  ]);
  const topology = await fetchJson(fetchFn, areas.geometry.overview, parseTopology, signal);
  const arcs = decodeArcs(topology);
  return {
    areas,
    config,
    overview: {
      city: topologyAreas(topology, 'city', arcs),
      districts: topologyAreas(topology, 'districts', arcs),
      streets: topologyAreas(topology, 'streets', arcs),
    },
  };
}

/**
 * One district's communities and grid cells, fetched when the view zooms in on it; with
 * `withHouseholds` also its cells' households (≈ 5 kB gzipped), fetched alongside.
 */
export async function loadDistrict(fetchFn: FetchLike, code: string, url: string, withHouseholds = false): Promise<DistrictAreas> {
  const [topology, households] = await Promise.all([
    fetchJson(fetchFn, url, parseTopology),
    withHouseholds ? fetchJson(fetchFn, gridHouseholdsUrl(code), parseGridHouseholds) : undefined,
  ]);
  const arcs = decodeArcs(topology);
  return {
    code,
    communities: topologyAreas(topology, 'communities', arcs),
    grids: topologyAreas(topology, 'grids', arcs),
    ...(households ? { households } : {}),
  };
}
