import type { WallReport, WallStatus, WallSteer, WatchReply, WatchRequest } from './wallStatus.js';

/** Steering events from the server: to a wall (its room `device:<id>`) and to tablets watching walls. */
export interface SteerServerToClientEvents {
  'wall:steer': (steer: WallSteer) => void;
  'walls:status': (status: WallStatus) => void;
}

/** Steering events to the server: a wall's report of what it shows; a tablet watching the walls of its area. */
export interface SteerClientToServerEvents {
  'wall:report': (report: WallReport) => void;
  'walls:watch': (request: WatchRequest, reply: (r: WatchReply) => void) => void;
  'walls:unwatch': (request: WatchRequest, reply: (r: WatchReply) => void) => void;
}
