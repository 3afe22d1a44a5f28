import { Router } from 'express';
import type { AreaDetail, AreasSummary, GridHouseholds, ResolveResponse } from '../../../shared/src/api/areas.js';
import { ResolveQuery } from '../../../shared/src/api/areas.js';
import { generateBuildings } from '../../../shared/src/city/buildings.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import type { AreaNode } from '../../../shared/src/city/model.js';
import { checkAreaCode, levelOfCode } from '../../../shared/src/city/codes.js';
import { AreaResolver, chainOf } from '../../../shared/src/city/resolver.js';
import { toLonLat } from '../../../shared/src/city/topology.js';
import type { MultiPolygonCoords } from '../../../shared/src/geo/planar.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import { prepareBody, sendPrepared, type PreparedBody } from '../http/preparedBody.js';
import { withinScope } from '../../../shared/src/access/principal.js';
import { principalOf, requireCapability } from '../auth/authMiddleware.js';
import { outsideArea } from '../auth/scope.js';

/**
 * Where an area and an account's scope overlap: the area itself when it lies in the scope, the
 * scope when it lies inside the area, null when they are apart.
 */
export function scopedPart(code: string, scope: string, cityCode: string): string | null {
  if (withinScope(code, scope, cityCode)) return code;
  return withinScope(scope, code, cityCode) ? scope : null;
}

/**
 * A district's detail file (communities, grid cells) goes to accounts whose area overlaps it: the
 * district's own and those below it. The overview (city, district and street outlines) is the
 * context every screen draws, and goes to every account.
 */
export function districtVisible(district: string, scope: string, cityCode: string): boolean {
  return scopedPart(district, scope, cityCode) !== null;
}

/** Households of every grid cell under `code` (the cell itself for a grid), in code order. */
export function gridHouseholds(model: CityModel, code: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (node: AreaNode): void => {
    if (node.level === 'grid') out[node.code] = node.households;
    else for (const child of model.children(node.code)) walk(child);
  };
  const node = model.node(code);
  if (node) walk(node);
  return out;
}

/** Hierarchy, node lookups and point resolution. */
export function areaRoutes(model: CityModel, resolver: AreaResolver): Router {
  const router = Router();
  const lonLatShape = (code: string): MultiPolygonCoords => {
    const shape = model.geometry(code);
    if (!shape) throw new HttpError(404, `area ${code} has no geometry`);
    return shape.map((poly) => poly.map((ring) => ring.map((p) => toLonLat(model.file.transform, p))));
  };
  const buildingsOf = (gridCode: string) => generateBuildings(model.node(gridCode)!, lonLatShape(gridCode));

  router.get('/areas', requireCapability('areas'), (req, res) => {
    const scope = principalOf(req).scope;
    const counts = model.counts();
    const body: AreasSummary = {
      city: model.city,
      datum: model.file.datum,
      counts: { ...counts, building: 'on request' },
      geometry: {
        overview: '/api/geo/overview.topo.json',
        districts: Object.fromEntries(
          Object.keys(model.file.geometry.districts)
            .filter((code) => districtVisible(code, scope, model.cityCode))
            .map((code) => [code, `/api/geo/districts/${code}.topo.json`]),
        ),
      },
    };
    res.json(body);
  });

  router.get('/areas/:code', requireCapability('areas'), (req, res) => {
    const check = checkAreaCode(req.params.code);
    if (!check.ok) throw new HttpError(400, check.reason, 'code');
    const code = check.code;
    const scope = principalOf(req).scope;
    if (!withinScope(code, scope, model.cityCode)) throw outsideArea(code, scope, 'code');
    if (levelOfCode(code) === 'building') {
      const grid = model.node(code.slice(0, 15));
      const building = grid && buildingsOf(grid.code).find((b) => b.code === code);
      if (!building) throw new HttpError(404, `area ${code} not found`, 'code');
      const body: AreaDetail = { node: building, ancestors: [...model.ancestors(grid.code), grid], children: [] };
      res.json(body);
      return;
    }
    const node = model.node(code);
    if (!node) throw new HttpError(404, `area ${code} not found`, 'code');
    const children = node.level === 'grid' ? buildingsOf(code) : model.children(code);
    const body: AreaDetail = { node, ancestors: model.ancestors(code), children };
    res.json(body);
  });

  // Bodies for the city and each district (the most a wall asks for: 16 at most, ≈ 40 kB raw,
  // 5 kB gzipped per district), made on first request; smaller areas are cut per request.
  const householdsByArea = new Map<string, PreparedBody>();
  router.get('/areas/:code/grid-households', requireCapability('areas'), (req, res) => {
    const check = checkAreaCode(req.params.code);
    if (!check.ok) throw new HttpError(400, check.reason, 'code');
    const code = check.code;
    if (levelOfCode(code) === 'building') throw new HttpError(400, `area ${code} is a building: grid households are listed for a grid cell or a larger area`, 'code');
    const scope = principalOf(req).scope;
    const area = scopedPart(code, scope, model.cityCode);
    if (!area) throw outsideArea(code, scope, 'code');
    if (!model.node(code)) throw new HttpError(404, `area ${code} not found`, 'code');
    let body = householdsByArea.get(area);
    if (!body) {
      const households: GridHouseholds = { area, households: gridHouseholds(model, area) };
      body = prepareBody(Buffer.from(JSON.stringify(households)));
      if (area.length <= 6) householdsByArea.set(area, body);
    }
    sendPrepared(req, res, body);
  });

  router.get('/resolve', requireCapability('areas'), (req, res) => {
    const { lon, lat } = parseOr400(ResolveQuery, req.query);
    const result = resolver.resolve(lon, lat);
    if (result.status === 'invalid') throw new HttpError(400, result.message, result.field);
    if (result.status === 'outside') throw new HttpError(422, `${result.message} (${model.city.name}, datum ${model.file.datum})`, 'lon');
    // The chain names the cell and its households: only for points in the caller's own area.
    const scope = principalOf(req).scope;
    if (!withinScope(result.grid, scope, model.cityCode)) throw new HttpError(403, `the point lies outside your area ${scope}`, 'lon');
    const body: ResolveResponse = { lon, lat, datum: model.file.datum, chain: chainOf(model, result.grid) };
    res.json(body);
  });

  return router;
}
