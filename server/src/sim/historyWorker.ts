import { parentPort, workerData } from 'node:worker_threads';
import { AreaResolver } from '../../../shared/src/city/resolver.js';
import { SlaPolicy } from '../../../shared/src/sla/slaPolicy.js';
import { buildRoster } from '../../../shared/src/staff/buildRoster.js';
import { loadCity } from '../../../fixtures/loadCity.js';
import { HistoryDays, type HistoryPlan } from './history.js';

/**
 * A worker thread generating days of history (see HistoryThread): the default city, its roster and
 * the default SLA rules, built once; then each asked day, answered with its rows.
 */
const plan = workerData as Pick<HistoryPlan, 'days' | 'end' | 'seed'>;
const { model } = loadCity();
const days = new HistoryDays({ model, resolver: AreaResolver.fromModel(model), sla: SlaPolicy.default(), roster: buildRoster(model) }, plan);
parentPort!.on('message', (index: number) => {
  try {
    parentPort!.postMessage({ ok: true, day: days.day(index) });
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
