import type { WallConfig } from '../../../shared/src/api/wallConfig.js';
import { isRecord } from './isRecord.js';

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

/** Parses the body of GET /api/wall-config (the server contract; parsed, not trusted). */
export function parseWallConfig(json: unknown): WallConfig {
  const fail = (why: string): never => {
    throw new Error(`GET /api/wall-config is not what the client expects: ${why}`);
  };
  if (!isRecord(json)) return fail('body is not an object');
  const { basemap } = json;
  if (basemap === null) return { basemap: null };
  if (!isRecord(basemap) || !isHttpUrl(basemap.style)) return fail('basemap is neither null nor { style: an http(s) URL }');
  return { basemap: { style: basemap.style } };
}
