/** The area the wall's live figures follow: `?area=` when it is a city-to-grid code, else the city. */
export function liveAreaFromSearch(search: string, cityCode: string): string {
  const area = new URLSearchParams(search).get('area');
  return area && /^\d{6}(\d{3}){0,3}$/.test(area) ? area : cityCode;
}

/** No message for this long (ms) means the feed is stale: heartbeats come every 5 s. */
export const STALE_AFTER_MS = 8_000;

export function isStale(connected: boolean, heardAt: number | null, now: number): boolean {
  return !connected || heardAt === null || now - heardAt > STALE_AFTER_MS;
}

/** A name for the followed area from what the wall has loaded (city, districts, streets), else its code. */
export function areaLabel(area: string, known: readonly { properties: { code: string; name: string } }[]): string {
  return known.find((f) => f.properties.code === area)?.properties.name ?? area;
}
