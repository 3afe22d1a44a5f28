import { Router } from 'express';
import type { WallConfig } from '../../../shared/src/api/wallConfig.js';
import type { Basemap } from './basemap.js';
import { requireCapability } from '../auth/authMiddleware.js';

/** GET /api/wall-config: the server settings the wall follows (mounted behind sign-in, like the rest of the API). */
export function wallConfigRoutes(basemap: Basemap | null): Router {
  const router = Router();
  const body: WallConfig = { basemap: basemap ? { style: basemap.styleUrl } : null };
  router.get('/wall-config', requireCapability('areas'), (_req, res) => {
    res.json(body);
  });
  return router;
}
