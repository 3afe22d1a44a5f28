import { withinScope, type Principal } from '../../../shared/src/access/principal.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { levelOfCode } from '../../../shared/src/city/codes.js';
import { SteerCommand, STEER_VERSION, type NewScene, type Scene } from '../../../shared/src/steer/steerCommands.js';
import { applySteer, tourAt, tourStopsOf, type ResolvedCommand } from '../../../shared/src/steer/steerState.js';
import type { SteerLock, SteerState, WallReport, WallStatus, WallSteer } from '../../../shared/src/steer/wallStatus.js';
import type { AuthService } from '../auth/authService.js';
import { outsideArea } from '../auth/scope.js';
import type { Clock } from '../cases/caseIngest.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import type { CaseStore } from '../store/caseStore.js';
import type { SceneStore } from './sceneStore.js';
import type { SteerRecord, SteerRecords } from './steerRecords.js';
import type { WallDevice, WallDevices } from './wallDevices.js';

/** A controller quiet this long loses the wall (STEER_IDLE_MINUTES, default 10). */
export const DEFAULT_STEER_IDLE_MS = 10 * 60_000;
/** How often locks are checked for a holder gone quiet (ms): a wall returns to its tour within this of the timeout. */
export const STEER_CHECK_MS = 1_000;
/** Writes retried when another node (or request) changed the wall's record in between. */
const PUT_TRIES = 5;

/**
 * How steering reaches sockets, on whichever node holds them: through Socket.IO rooms (an adapter
 * carries them to every node), never through a map of this process's sockets.
 */
export interface SteerTransport {
  /** To every socket of the wall (room `device:<id>`). */
  toWall(device: string, message: WallSteer): void;
  /** To the tablets watching an area that covers the wall's (rooms `walls:<code>` of its area and those above). */
  toWatchers(rooms: string[], status: WallStatus): void;
  /** Which of `devices` have a connected socket. */
  online(devices: string[]): Promise<Set<string>>;
}

export const deviceRoom = (device: string): string => `device:${device}`;
export const watchRoom = (area: string): string => `walls:${area}`;

export interface SteerServiceDeps {
  model: CityModel;
  auth: AuthService;
  store: CaseStore;
  scenes: SceneStore;
  devices: WallDevices;
  records: SteerRecords;
  clock: Clock;
  /** A controller quiet this long loses the wall, which returns to its own tour (ms). */
  idleMs: number;
  onError?: (err: unknown) => void;
}

/**
 * Wall steering (大屏遥控): commands from commanders to the walls of their area, one controller per
 * wall (a lock that lapses after `idleMs` without a command), named scenes, and every wall's state
 * for the tablets. The steered state is held here and sent whole to the wall, so a wall that
 * reconnects gets it again; the wall reports what it shows.
 */
export class SteerService {
  private transport: SteerTransport | null = null;

  constructor(private readonly deps: SteerServiceDeps) {}

  /** Sockets join later than HTTP routes: the server creates Socket.IO after the app. */
  attach(transport: SteerTransport): void {
    this.transport = transport;
  }

  /** The walls of the caller's area, with what each shows. */
  async walls(principal: Principal): Promise<WallStatus[]> {
    const walls = await this.deps.devices.within(principal.scope);
    const online = await this.online(walls.map((w) => w.id));
    return Promise.all(walls.map((w) => this.status(w, online.has(w.id))));
  }

  async wall(principal: Principal, id: string): Promise<WallStatus> {
    const wall = await this.wallOf(principal, id);
    return this.status(wall, (await this.online([wall.id])).has(wall.id));
  }

  /** Scenes within the caller's area; with a wall, those it can show (the scene's area within the wall's). */
  async sceneList(principal: Principal, wallId: string | undefined): Promise<Scene[]> {
    const wall = wallId === undefined ? null : await this.wallOf(principal, wallId, 'wall');
    const city = this.deps.model.cityCode;
    return (await this.deps.scenes.all()).filter((s) => withinScope(s.area, principal.scope, city) && (!wall || withinScope(s.area, wall.scope, city)));
  }

  async saveScene(principal: Principal, input: NewScene, ip: string | null): Promise<Scene> {
    this.checkArea(principal.scope, input.area, 'area');
    const scene = await this.deps.scenes.create(input, principal.username, this.deps.clock.now());
    await this.deps.auth.audit(principal, ip, { action: 'steer:scene-save', outcome: 'ok', target: scene.id, area: scene.area, detail: { name: scene.name } });
    return scene;
  }

  async deleteScene(principal: Principal, id: string, ip: string | null): Promise<void> {
    const scene = await this.deps.scenes.get(id);
    if (!scene || !withinScope(scene.area, principal.scope, this.deps.model.cityCode)) throw new HttpError(404, `scene ${id.slice(0, 64)} not found`, 'id');
    await this.deps.scenes.delete(id);
    await this.deps.auth.audit(principal, ip, { action: 'steer:scene-delete', outcome: 'ok', target: scene.id, area: scene.area, detail: { name: scene.name } });
  }

  /**
   * Runs one command on a wall: checks it, takes (or keeps) the lock, stores the new state, sends
   * it to the wall and the tablets, audits it. Every refusal is audited too and thrown as the
   * HttpError the route answers.
   */
  async command(principal: Principal, id: string, body: unknown, ip: string | null): Promise<WallStatus> {
    const wall = await this.deps.devices.get(id, principal.scope);
    const type = typeof body === 'object' && body !== null && typeof (body as { type?: unknown }).type === 'string' ? (body as { type: string }).type.slice(0, 20) : 'command';
    const audit = (outcome: 'ok' | 'refused', detail: Record<string, unknown>) =>
      this.deps.auth.audit(principal, ip, { action: `steer:${type}`, outcome, target: wall?.id ?? id.slice(0, 64), area: wall?.scope ?? principal.scope, detail });
    try {
      if (!wall) throw new HttpError(404, `wall ${id.slice(0, 64)} not found in your area ${principal.scope}`, 'device');
      const command = parseOr400(SteerCommand, body);
      const resolved = await this.resolve(principal, wall, command);
      const { record, by } = await this.steer(principal, wall, resolved);
      this.send(wall, record, by);
      const status = await this.status(wall, (await this.online([wall.id])).has(wall.id), record);
      this.transport?.toWatchers(this.watchRooms(wall.scope), status);
      await audit('ok', { command });
      return status;
    } catch (err) {
      if (err instanceof HttpError) await audit('refused', { status: err.status, reason: err.message.slice(0, 200), command: body === undefined ? null : JSON.stringify(body).slice(0, 300) });
      throw err;
    }
  }

  /** A wall's socket connected: what it should show now (its steered state while the lock holds, else its own). */
  async connected(device: string): Promise<WallSteer> {
    const record = await this.current(device);
    void this.publish(device);
    return this.message(record, record?.lock ? { username: record.lock.username, name: record.lock.name } : null);
  }

  /** A wall's socket left: the tablets hear it is offline. */
  disconnected(device: string): void {
    void this.publish(device);
  }

  /** A wall's report of what it shows (validated by the caller). */
  async reported(device: string, report: WallReport): Promise<void> {
    const { v: _v, ...shows } = report;
    await this.deps.records.report(device, { ...shows, at: this.deps.clock.now() });
    await this.publish(device);
  }

  /** Returns walls whose controller has been quiet for the timeout to their own tour. */
  async expire(): Promise<number> {
    const now = this.deps.clock.now();
    let released = 0;
    for (const record of await this.deps.records.locked()) {
      if (!this.lapsed(record, now)) continue;
      const next: SteerRecord = { device: record.device, seq: record.seq + 1, state: null, lock: null };
      if (!(await this.deps.records.put(next))) continue; // changed meanwhile: looked at again next time
      released++;
      this.transport?.toWall(record.device, this.message(next, null));
      void this.publish(record.device);
      void this.deps.auth
        .audit(null, null, { action: 'steer:timeout', outcome: 'ok', target: record.device, detail: { holder: record.lock!.username, quietMs: now - record.lock!.activeAt } })
        .catch((err: unknown) => this.deps.onError?.(err));
    }
    return released;
  }

  /** The watch rooms of a wall's area: its own and every area above it. */
  watchRooms(scope: string): string[] {
    const rooms: string[] = [];
    for (let code: string | null = scope; code; code = this.deps.model.node(code)?.parent ?? null) rooms.push(watchRoom(code));
    return rooms;
  }

  private lapsed(record: SteerRecord, now: number): boolean {
    return record.lock !== null && record.lock.activeAt + this.deps.idleMs <= now;
  }

  /** The wall's record with a lapsed lock read as none (the idle check clears it within STEER_CHECK_MS). */
  private async current(device: string): Promise<SteerRecord | null> {
    const record = await this.deps.records.get(device);
    if (!record || !this.lapsed(record, this.deps.clock.now())) return record;
    return { ...record, state: null, lock: null };
  }

  private async wallOf(principal: Principal, id: string, field = 'device'): Promise<WallDevice> {
    const wall = await this.deps.devices.get(id, principal.scope);
    if (!wall) throw new HttpError(404, `wall ${id.slice(0, 64)} not found in your area ${principal.scope}`, field);
    return wall;
  }

  /** An area for a wall: 403 outside the commander's area (existing or not), 404 unknown, 422 outside the wall's. */
  private checkArea(scope: string, area: string, field: string, wall?: WallDevice): void {
    const city = this.deps.model.cityCode;
    if (!withinScope(area, scope, city)) throw outsideArea(area, scope, field);
    if (!this.deps.model.node(area)) throw new HttpError(404, `area ${area} not found`, field);
    if (wall && !withinScope(area, wall.scope, city)) throw new HttpError(422, `${field}: ${area} lies outside the wall's area ${wall.scope}`, field);
  }

  private async resolve(principal: Principal, wall: WallDevice, command: SteerCommand): Promise<ResolvedCommand> {
    const city = this.deps.model.cityCode;
    switch (command.type) {
      case 'show-area':
        this.checkArea(principal.scope, command.area, 'area', wall);
        return command;
      case 'show-case': {
        const found = await this.deps.store.get(command.caseId);
        // A case outside the commander's area does not exist for them (as GET /api/cases/:id).
        if (!found || !withinScope(found.area.grid, principal.scope, city)) throw new HttpError(404, `case ${command.caseId} not found`, 'caseId');
        if (!withinScope(found.area.grid, wall.scope, city)) throw new HttpError(422, `caseId: case ${found.id} lies outside the wall's area ${wall.scope}`, 'caseId');
        const { id, category, urgency, lon, lat } = found;
        return { type: 'show-case', focus: { id, category, urgency, grid: found.area.grid, lon, lat, reportedAt: found.times.reported ?? new Date(this.deps.clock.now()).toISOString() } };
      }
      case 'scene': {
        const scene = await this.deps.scenes.get(command.scene);
        if (!scene || !withinScope(scene.area, principal.scope, city)) throw new HttpError(404, `scene ${command.scene} not found`, 'scene');
        if (!withinScope(scene.area, wall.scope, city)) throw new HttpError(422, `scene: its area ${scene.area} lies outside the wall's area ${wall.scope}`, 'scene');
        return { type: 'scene', scene };
      }
      default:
        return command;
    }
  }

  /** An area's tour: itself, then its children a tour visits (the city's districts, a district's streets). */
  private stopsOf = (area: string): string[] => {
    const level = levelOfCode(area);
    if (level !== 'city' && level !== 'district') return [area];
    const child = level === 'city' ? 'district' : 'street';
    return tourStopsOf(
      area,
      this.deps.model
        .children(area)
        .filter((n) => levelOfCode(n.code) === child)
        .map((n) => n.code),
    );
  };

  /** Takes or keeps the lock and stores the command's state (compare-and-set, retried on a race). */
  private async steer(principal: Principal, wall: WallDevice, command: ResolvedCommand): Promise<{ record: SteerRecord; by: WallSteer['by'] }> {
    for (let attempt = 0; attempt < PUT_TRIES; attempt++) {
      const now = this.deps.clock.now();
      const stored = await this.deps.records.get(wall.id);
      const live = stored && !this.lapsed(stored, now) ? stored : null;
      const lock = live?.lock ?? null;
      if (lock && lock.accountId !== principal.accountId) {
        throw new HttpError(409, `遥控中：${lock.name} (${lock.username}) steers this wall until ${new Date(lock.activeAt + this.deps.idleMs).toISOString()} unless they release it first`, 'device');
      }
      const outcome = applySteer(live?.state ?? null, command, { now, wallScope: wall.scope, shows: await this.deps.records.shows(wall.id), stopsOf: this.stopsOf });
      if (!outcome.ok) throw new HttpError(409, `${outcome.field}: ${outcome.message}`, outcome.field);
      const next: SteerRecord = {
        device: wall.id,
        seq: (stored?.seq ?? 0) + 1,
        state: outcome.state,
        lock: outcome.state ? { accountId: principal.accountId, username: principal.username, name: principal.name, since: lock?.since ?? now, activeAt: now } : null,
      };
      if (await this.deps.records.put(next)) return { record: next, by: next.lock ? { username: principal.username, name: principal.name } : null };
    }
    throw new HttpError(409, 'device: the wall was changed by others meanwhile: send the command again', 'device');
  }

  private message(record: SteerRecord | null, by: WallSteer['by']): WallSteer {
    const now = this.deps.clock.now();
    const state: SteerState | null = record?.state ? { ...record.state, tour: record.state.tour ? tourAt(record.state.tour, now) : null } : null;
    return { v: STEER_VERSION, seq: record?.seq ?? 0, at: now, steer: state, by: state ? by : null };
  }

  private send(wall: WallDevice, record: SteerRecord, by: WallSteer['by']): void {
    this.transport?.toWall(wall.id, this.message(record, by));
  }

  private async online(devices: string[]): Promise<Set<string>> {
    return this.transport && devices.length > 0 ? this.transport.online(devices) : new Set();
  }

  private async status(wall: WallDevice, online: boolean, record?: SteerRecord | null): Promise<WallStatus> {
    const now = this.deps.clock.now();
    const r = record === undefined ? await this.current(wall.id) : record && this.lapsed(record, now) ? { ...record, state: null, lock: null } : record;
    const lock: SteerLock | null = r?.lock ? { username: r.lock.username, name: r.lock.name, since: r.lock.since, activeAt: r.lock.activeAt, expiresAt: r.lock.activeAt + this.deps.idleMs } : null;
    const state = r?.state ? { ...r.state, tour: r.state.tour ? tourAt(r.state.tour, now) : null } : null;
    return { v: STEER_VERSION, device: wall.id, label: wall.label, scope: wall.scope, online, shows: await this.deps.records.shows(wall.id), steer: state, lock, seq: r?.seq ?? 0 };
  }

  /** Tells the tablets watching the wall's area how it stands now. */
  private async publish(device: string): Promise<void> {
    try {
      const wall = await this.deps.devices.get(device, this.deps.model.cityCode);
      if (!wall || !this.transport) return;
      const status = await this.status(wall, (await this.online([device])).has(device));
      this.transport.toWatchers(this.watchRooms(wall.scope), status);
    } catch (err) {
      this.deps.onError?.(err);
    }
  }
}
