import { withinScope } from '../../../shared/src/access/principal.js';
import { principalOf, requireCapability } from '../auth/authMiddleware.js';
import { outsideArea } from '../auth/scope.js';
import { Router } from 'express';
import { z } from 'zod';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { checkAreaCode } from '../../../shared/src/city/codes.js';
import type { Level } from '../../../shared/src/city/levels.js';
import { WORKER_KINDS, type Roster, type Worker, type WorkerKind } from '../../../shared/src/staff/roster.js';
import { formatShift } from '../../../shared/src/staff/shifts.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import type { StaffMetrics, StaffState } from './staffState.js';
import { pageFields } from '../http/pageQuery.js';

const MAX_LIMIT = 500;

/** GET /api/staff query string. */
export const StaffQuery = z
  .object({
    area: z
      .string({ error: 'area must be one area code' })
      .superRefine((value, ctx) => {
        const check = checkAreaCode(value);
        if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
      })
      .optional(),
    kind: z.enum(WORKER_KINDS, { error: `kind must be one of ${WORKER_KINDS.join(', ')}` }).optional(),
    onDuty: z
      .enum(['true', 'false'], { error: 'onDuty must be true or false' })
      .transform((v) => v === 'true')
      .optional(),
    ...pageFields(MAX_LIMIT),
  })
  .strict();

export interface StaffItem {
  id: string;
  name: string;
  kind: WorkerKind;
  grids: readonly string[];
  onDuty: boolean;
  /** [lon, lat] in the data set's datum while on patrol, else null. */
  position: [number, number] | null;
  openCases: number;
  shift: { label: string; week: (string | null)[] };
}

/** No phone numbers: personal data stays on the server until access control decides who sees them. */
export interface StaffResponse {
  area: { code: string; name: string; level: Level };
  metrics: StaffMetrics;
  /** People matching the filters; above the grid each once, for a grid everyone serving it. */
  total: number;
  items: StaffItem[];
}

export interface StaffRouteDeps {
  model: CityModel;
  roster: Roster;
  staff: StaffState;
  clock: { now(): number };
}

/** Staffing of an area: its metrics and a page of its people. */
export function staffRoutes({ model, roster, staff, clock }: StaffRouteDeps): Router {
  const router = Router();

  router.get('/staff', requireCapability('read'), (req, res) => {
    const query = parseOr400(StaffQuery, req.query);
    const principal = principalOf(req);
    const code = query.area ?? principal.scope;
    if (!withinScope(code, principal.scope, model.cityCode)) throw outsideArea(code, principal.scope, 'area');
    const node = model.node(code);
    const metrics = node && staff.metrics(code, clock.now());
    if (!node || !metrics) throw new HttpError(404, `area ${code} not found`, 'area');

    let people: Iterable<Worker>;
    if (node.level === 'grid') {
      people = roster.byGrid(code);
    } else {
      const [from, to] = roster.workerRange(code)!;
      people = roster.workers.slice(from, to);
    }
    const end = query.offset + query.limit;
    const items: StaffItem[] = [];
    let total = 0;
    for (const w of people) {
      if (query.kind && w.kind !== query.kind) continue;
      const onDuty = staff.isOnDuty(w.index);
      if (query.onDuty !== undefined && onDuty !== query.onDuty) continue;
      if (total >= query.offset && total < end) {
        items.push({ id: w.id, name: w.name, kind: w.kind, grids: w.grids, onDuty, position: staff.position(w.index), openCases: staff.openCasesOf(w.index), shift: formatShift(w.shift) });
      }
      total++;
    }
    const body: StaffResponse = { area: { code: node.code, name: node.name, level: node.level }, metrics, total, items };
    res.json(body);
  });

  return router;
}
