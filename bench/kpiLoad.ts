import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCity } from '../fixtures/loadCity.js';
import { startOfDay } from '../server/src/kpi/kpiService.js';
import { demoToken, numberArg, percentile, probeFigures, round1, sleep, startHealthProbe, startServerProcess, tempDir, type BenchArgs, type Figures } from './benchUtil.js';
import { writeHistory } from './history.js';

const PROBE_EVERY_MS = 20;

/**
 * The server's responsiveness over a large day: fills a SQLite store with N cases reported today
 * (Beijing time; the simulator's mix, moved through the loop, with closure deadlines), starts the
 * server on it (SIM=off) and probes GET /api/health every 20 ms from a worker thread:
 * 1. for --seconds while the stream's KPIs and trend are recomputed every 5 s;
 * 2. while one grid worker sends rounds of --parallel concurrent GET /api/kpis (--rounds).
 * Each phase prints the probes' p50 / p99 / max, the server's own event-loop delay, and for (2)
 * how the KPI requests were answered. Options: --cases 800000 --seconds 30 --parallel 50 --rounds 5
 * --data-dir DIR (generate there once, reuse it on later runs the same day).
 */
export async function benchKpis(args: BenchArgs): Promise<Figures> {
  const total = Math.round(numberArg(args, 'cases', 800_000));
  const seconds = numberArg(args, 'seconds', 30);
  const parallel = Math.round(numberArg(args, 'parallel', 50));
  const rounds = Math.round(numberArg(args, 'rounds', 5));
  const { model } = loadCity();
  // --data-dir keeps the generated day for another run (same Beijing day): compare builds on one store.
  const kept = args['data-dir'];
  const dir = kept ? { path: kept, remove: () => {} } : tempDir('cityops-bench-kpis-');
  try {
    const now = Date.now() - 60_000;
    const generated: Figures = kept && existsSync(join(kept, 'cases.db'))
      ? { 'cases stored': `as generated before in ${kept}` }
      : await writeHistory(model, dir.path, { total, from: startOfDay(now), to: now, openShare: 0, now, seed: 'bench-kpis', deadlines: true });
    const server = await startServerProcess({ dataDir: dir.path, env: { LOG_LEVEL: 'warn' }, timeoutMs: 15 * 60_000 });
    try {
      const health = `${server.url}/api/health`;
      // ---- 1. the 5-second KPI refresh
      await server.loopDelay();
      const idle = startHealthProbe(health, PROBE_EVERY_MS);
      await sleep(seconds * 1000);
      const refreshProbes = await idle.stop();
      const refreshLoop = await server.loopDelay();

      // ---- 2. rounds of concurrent /api/kpis from one grid worker (its own grid, today)
      const token = await demoToken(server.url, dir.path, 'grid.worker');
      const statuses = new Map<number | string, number>();
      const kpiMs: number[] = [];
      const received = new Set<number>();
      const burst = startHealthProbe(health, PROBE_EVERY_MS);
      const burstStart = performance.now();
      for (let r = 0; r < rounds; r++) {
        await Promise.all(
          Array.from({ length: parallel }, async () => {
            const t = performance.now();
            let status: number | string;
            try {
              const res = await fetch(`${server.url}/api/kpis`, { headers: { authorization: `Bearer ${token}` } });
              const body = (await res.json()) as { counts?: { received: number } };
              status = res.status;
              if (res.status === 200 && body.counts) received.add(body.counts.received);
            } catch (err) {
              // A connection the server did not even accept in time (undici gives up after 10 s).
              status = (err as { cause?: { code?: string } }).cause?.code ?? 'failed';
            }
            kpiMs.push(performance.now() - t);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }),
        );
      }
      const burstSeconds = (performance.now() - burstStart) / 1000;
      const burstProbes = await burst.stop();
      const burstLoop = await server.loopDelay();
      const sortedKpi = Float64Array.from(kpiMs).sort();
      return {
        ...generated,
        'spawn → ready (s)': round1(server.readyMs / 1000),
        [`KPI refresh phase (s)`]: seconds,
        ...probeFigures('  health during refreshes', refreshProbes),
        '  server loop delay p50 / p99 / max (ms)': `${refreshLoop.p50} / ${refreshLoop.p99} / ${refreshLoop.max}`,
        [`${parallel} concurrent /api/kpis × ${rounds} (s)`]: round1(burstSeconds),
        '  answers by status': [...statuses].map(([s, n]) => `${s}: ${n}`).join(', '),
        '  received figures seen (200s)': [...received].join(', ') || '—',
        '  KPI answer p50 / max (ms)': `${round1(percentile(sortedKpi, 50))} / ${round1(percentile(sortedKpi, 100))}`,
        ...probeFigures('  health during the KPI burst', burstProbes),
        '  server loop delay p50 / p99 / max (ms) ': `${burstLoop.p50} / ${burstLoop.p99} / ${burstLoop.max}`,
      };
    } finally {
      await server.stop();
    }
  } finally {
    dir.remove();
  }
}
