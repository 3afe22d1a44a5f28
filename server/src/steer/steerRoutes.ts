import { Router } from 'express';
import { z } from 'zod';
import { NewScene } from '../../../shared/src/steer/steerCommands.js';
import { clientIp, principalOf, requireCapability } from '../auth/authMiddleware.js';
import { parseOr400 } from '../http/errors.js';
import type { SteerService } from './steerService.js';

const ScenesQuery = z.strictObject({ wall: z.string().max(64, 'must be at most 64 characters').optional() });

/** 大屏遥控: the walls of the caller's area, commands to one of them, and named scenes (README "Steering the wall"). */
export function steerRoutes(steer: SteerService): Router {
  const router = Router();
  const can = requireCapability('steer');

  router.get('/walls', can, async (req, res) => {
    res.json({ walls: await steer.walls(principalOf(req)) });
  });

  router.get('/walls/:device', can, async (req, res) => {
    res.json({ wall: await steer.wall(principalOf(req), String(req.params.device)) });
  });

  router.post('/walls/:device/commands', can, async (req, res) => {
    res.json({ wall: await steer.command(principalOf(req), String(req.params.device), req.body, clientIp(req)) });
  });

  router.get('/scenes', can, async (req, res) => {
    const q = parseOr400(ScenesQuery, req.query);
    res.json({ scenes: await steer.sceneList(principalOf(req), q.wall) });
  });

  router.post('/scenes', can, async (req, res) => {
    const input = parseOr400(NewScene, req.body);
    res.status(201).json({ scene: await steer.saveScene(principalOf(req), input, clientIp(req)) });
  });

  router.delete('/scenes/:id', can, async (req, res) => {
    await steer.deleteScene(principalOf(req), String(req.params.id), clientIp(req));
    res.status(204).end();
  });

  return router;
}
