import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { SCREEN_PATHS } from './screenPaths.js';

/** The built client (client/dist): static files, and index.html for the app's own paths. */
export function clientRoutes(clientDir: string): Router {
  const router = Router();
  const index = join(clientDir, 'index.html');
  router.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  router.get(SCREEN_PATHS, (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The client is not built: run `npm run build` (npm start does this).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
