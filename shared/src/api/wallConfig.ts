/**
 * GET /api/wall-config: what the wall needs to know of the server's settings beyond the city.
 * `basemap`: a maplibre style on the user's own network (BASEMAP_STYLE_URL), or null for the
 * offline basemap, which needs no network.
 */
export interface WallConfig {
  basemap: { style: string } | null;
}
