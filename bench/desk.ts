import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRandom } from '../shared/src/util/prng.js';
import { demoToken, numberArg, percentile, round1, startServerProcess, tempDir, type BenchArgs, type Figures } from './benchUtil.js';

/**
 * The desk's filter change over a month of the whole city: a server process starts on a new store
 * with --days of simulated history (HISTORY_DAYS, ≈ 7,400 cases a day: 30 days ≈ 222,000 cases,
 * the simulator itself off), then a city analyst changes the filter state --changes times (area,
 * category, urgency, channel, period, sort drawn from a seeded stream). Each change asks what the
 * desk asks at once: a page of the case list, the KPIs with the previous period, and the category
 * breakdown; the time is until all three have answered. Prints the start-up (history written) and
 * p50 / p95 / max of a change. --data-dir DIR keeps the store for another run.
 */
export async function benchDesk(args: BenchArgs): Promise<Figures> {
  const days = Math.round(numberArg(args, 'days', 30));
  const changes = Math.round(numberArg(args, 'changes', 60));
  const kept = args['data-dir'];
  const dir = kept ? { path: kept, remove: () => {} } : tempDir('cityops-bench-desk-');
  const fresh = !existsSync(join(dir.path, 'cases.db'));
  try {
    const server = await startServerProcess({ dataDir: dir.path, env: { LOG_LEVEL: 'warn', SIM: 'off', HISTORY_DAYS: String(days), DEMO_ACCOUNTS: 'on' }, timeoutMs: 15 * 60_000 });
    try {
      const token = await demoToken(server.url, dir.path, 'city.analyst');
      const headers = { authorization: `Bearer ${token}` };
      const get = async (path: string) => {
        const res = await fetch(`${server.url}${path}`, { headers });
        if (res.status !== 200) throw new Error(`bench: ${path} answered ${res.status}: ${await res.text()}`);
        return res.json() as Promise<{ total?: number; counts?: { received: number } }>;
      };
      const random = createRandom('bench-desk');
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const areas = ['', 'area=410105', 'area=410102', 'area=410105001', 'area=410122', 'area=410105001003'];
      const categories = ['', 'category=SR', 'category=JM,MS', 'category=AQ'];
      const urgencies = ['', 'urgency=major,prominent', 'urgency=normal'];
      const channels = ['', 'channel=hotline_12345', 'channel=grid_patrol,citizen_app'];
      const periods = ['period=today', 'period=yesterday', 'period=7d', 'period=30d'];
      const sorts = ['', 'sort=urgency&order=desc', 'sort=deadline&order=asc', 'sort=area&order=asc'];
      const times: number[] = [];
      let rows = 0;
      // One warm-up change first: the read thread's statements and the page cache.
      for (let i = 0; i <= changes; i++) {
        const state = [pick(areas), pick(categories), pick(urgencies), pick(channels), pick(periods)].filter(Boolean).join('&');
        const sort = pick(sorts);
        const t = performance.now();
        const [list, kpis] = await Promise.all([
          get(`/api/cases?${state}${sort ? `&${sort}` : ''}&limit=50`),
          get(`/api/kpis?${state}`),
          get(`/api/kpis/breakdown?${state}&by=category`),
        ]);
        if (i === 0) continue;
        times.push(performance.now() - t);
        if (list.total !== kpis.counts!.received) throw new Error(`bench: the list's total ${list.total} is not the KPI's ${kpis.counts!.received} for ${state}`);
        rows += list.total!;
      }
      const sorted = Float64Array.from(times).sort();
      const all = await get('/api/cases?limit=1');
      return {
        'cases in the store': all.total!,
        [fresh ? `spawn → ready, ${days} days of history written (s)` : 'spawn → ready (s)']: round1(server.readyMs / 1000),
        'filter changes (list page + KPIs + breakdown)': changes,
        '  mean cases matched per change': Math.round(rows / changes),
        '  change p50 / p95 / max (ms)': `${round1(percentile(sorted, 50))} / ${round1(percentile(sorted, 95))} / ${round1(percentile(sorted, 100))}`,
      };
    } finally {
      await server.stop();
    }
  } finally {
    dir.remove();
  }
}
