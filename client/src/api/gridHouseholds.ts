import { isRecord } from './isRecord.js';
/** GET /api/areas/:code/grid-households: the households of the area's grid cells within the caller's scope. */
export function gridHouseholdsUrl(code: string): string {
  return `/api/areas/${encodeURIComponent(code)}/grid-households`;
}

/** Parses its body (the server contract; parsed, not trusted) into grid code → households. */
export function parseGridHouseholds(json: unknown, url: string): ReadonlyMap<string, number> {
  const what = `GET ${url}`;
  if (!isRecord(json) || typeof json.area !== 'string' || !isRecord(json.households)) {
    throw new Error(`${what} is not what the client expects: no area or households`);
  }
  const households = new Map<string, number>();
  for (const [code, value] of Object.entries(json.households)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new Error(`${what} is not what the client expects: households of ${code} is ${JSON.stringify(value)}, not a count`);
    }
    households.set(code, value);
  }
  return households;
}
