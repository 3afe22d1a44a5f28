import { z } from 'zod';

/**
 * A maplibre style on the user's own network (a tile server on the LAN). `origins` are the
 * scheme://host[:port] the wall may reach for it: the style's own and BASEMAP_ORIGINS (tiles,
 * glyphs or sprites on other hosts), without repeats. The Content-Security-Policy admits them.
 */
export interface Basemap {
  styleUrl: string;
  origins: string[];
}

// Refinements run after a failed URL check too (zod reports every issue): what does not parse passes here.
const noCredentials = (v: string): boolean => {
  const u = URL.parse(v);
  return !u || (u.username === '' && u.password === '');
};

/** An http(s) URL without user:password@ (fetch refuses those, so maplibre could not load it). */
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine(noCredentials, { error: 'must not carry a user name or password' });

const isOrigin = (v: string): boolean => {
  const u = URL.parse(v);
  return !u || (u.pathname === '/' && u.search === '' && u.hash === '');
};

/** BASEMAP_STYLE_URL; empty counts as unset. */
export const BasemapStyleUrl = z.preprocess((v) => (v === '' ? undefined : v), httpUrl.optional());

/** BASEMAP_ORIGINS: comma-separated origins (scheme://host[:port], no path); empty counts as unset. */
export const BasemapOrigins = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(httpUrl.refine(isOrigin, { error: 'must be origins such as http://tiles.lan:8081 (no path), comma-separated' })).optional(),
);

/** The basemap setting from its two variables; null (the offline basemap) when no style is set. */
export function basemapOf(styleUrl: string | undefined, extraOrigins: readonly string[] | undefined): Basemap | null {
  if (styleUrl === undefined) {
    if (extraOrigins?.length) throw new Error('invalid environment variable BASEMAP_ORIGINS: it needs BASEMAP_STYLE_URL (the origins serve that style)');
    return null;
  }
  const origins = [styleUrl, ...(extraOrigins ?? [])].map((u) => new URL(u).origin);
  return { styleUrl, origins: [...new Set(origins)] };
}
