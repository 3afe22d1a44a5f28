import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { loadCity } from '../fixtures/loadCity.js';
import { PROTOCOL_VERSION, type AreaSnapshot, type ClientToServerEvents, type ServerToClientEvents } from '../shared/src/live/events.js';
import { CASES_PER_DAY } from '../server/src/sim/simProfile.js';
import { mib, numberArg, procSample, round1, sleep, startServerProcess, tempDir, type BenchArgs, type Figures, demoToken } from './benchUtil.js';
import { writeHistory } from './history.js';

const TARGET_RSS_MIB = 400;

/**
 * Server RSS and start-up (live state rebuild) time over a large history: generates N realistic
 * cases straight into a SQLite file (store.insert, no HTTP), then starts the server as a child
 * process on it (SIM=off) and times it to the first /api/health 200. RSS is read from /proc at
 * ready, 10 s later and after a full GC forced through bench/serverProcess.ts (SIGUSR2 with
 * --expose-gc), which tells live memory from rebuild garbage V8 has not collected yet.
 *
 * The history is the simulator's city at its real volume (7,400 a day, so 1M cases ≈ 135 days)
 * and each case has gone through the loop with the simulator's stage delays: all but the last
 * day's are closed (or rejected). `--open-share 1` leaves that share open instead (a store filled
 * by a load run: the live state remembers every open case). Options: --cases 1000000 --open-share 0.
 */
export async function benchMemory(args: BenchArgs): Promise<Figures> {
  const total = Math.round(numberArg(args, 'cases', 1_000_000));
  const openShare = args['open-share'] === undefined ? 0 : Number(args['open-share']);
  if (!(openShare >= 0 && openShare <= 1)) throw new Error('--open-share must be between 0 and 1');
  const dir = tempDir('cityops-bench-memory-');
  try {
    const { model } = loadCity();
    const now = Date.now() - 60_000;
    const span = (total * 86_400_000) / CASES_PER_DAY;
    const generated = await writeHistory(model, dir.path, { total, from: now - span, to: now, openShare, now, seed: 'bench-memory', deadlines: false });
    const port = await freePort();
    let firstHealthMs = NaN;
    let polling = true;
    const spawned = performance.now();
    const poll = (async () => {
      while (polling) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/health`);
          if (res.status === 200) {
            firstHealthMs = performance.now() - spawned;
            return;
          }
        } catch {
          // not listening yet
        }
        await sleep(25);
      }
    })();
    const server = await startServerProcess({ dataDir: dir.path, env: { PORT: String(port), LOG_LEVEL: 'info' }, timeoutMs: 15 * 60_000, exposeGc: true });
    try {
      await poll;
      const atReady = procSample(server.pid);
      await sleep(10_000);
      const later = procSample(server.pid);
      const snapshots = await timeSnapshots(server.url, model.cityCode, await demoToken(server.url, dir.path));
      const heap = await server.forceGc();
      await sleep(500);
      const afterGc = procSample(server.pid);
      const rebuilt = server.logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('live state rebuilt'));
      const cityLoaded = server.logs.find((l) => l.msg === 'city model loaded');
      return {
        ...generated,
        'spawn → first /api/health 200 (s)': round1(firstHealthMs / 1000),
        'city model load (ms, log)': typeof cityLoaded?.ms === 'number' ? cityLoaded.ms : 'n/a',
        'live state rebuild (ms, log)': typeof rebuilt?.ms === 'number' ? rebuilt.ms : 'n/a',
        'rebuilt cases / open (log)': rebuilt ? `${String(rebuilt.cases)} / ${String(rebuilt.openCases)}` : 'n/a',
        'server RSS at ready (MiB)': mib(atReady.rssKiB),
        'server RSS 10 s later (MiB)': mib(later.rssKiB),
        'server RSS after forced GC (MiB)': mib(afterGc.rssKiB),
        'JS heap used after forced GC (MiB)': mib(heap.heapUsed / 1024),
        'server RSS peak, VmHWM (MiB)': mib(afterGc.hwmKiB),
        'target RSS (MiB)': `<= ${TARGET_RSS_MIB}`,
        ...snapshots,
      };
    } finally {
      polling = false;
      await server.stop();
    }
  } finally {
    dir.remove();
  }
}

/** A port free right now (the server is given it, so /api/health can be polled from the spawn). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * What a screen waits for over this history: subscribe → snapshot (its latest cases and total
 * come from the store) for the city and for the district of the newest case, median of 3.
 */
async function timeSnapshots(url: string, city: string, token: string): Promise<Figures> {
  const page = (await (await fetch(`${url}/api/cases?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { area: { district: string } }[] };
  const district = page.items[0]?.area.district;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const sizes = new Map<string, number>();
    const cellCounts = new Map<string, number>();
    const once = async (area: string): Promise<number> => {
      const t = performance.now();
      const snapshot = new Promise<AreaSnapshot>((resolve) => socket.once('area:snapshot', resolve));
      socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area }, () => {});
      const received = await snapshot;
      const ms = performance.now() - t;
      sizes.set(area, Buffer.byteLength(JSON.stringify(received)));
      cellCounts.set(area, Object.keys(received.cells).length);
      await new Promise((resolve) => socket.emit('area:unsubscribe', { v: PROTOCOL_VERSION, area }, resolve));
      return ms;
    };
    const median = async (area: string) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) times.push(await once(area));
      return round1(times.sort((a, b) => a - b)[1]!);
    };
    const figures: Figures = {};
    for (const [name, area] of [['city', city], ['district', district]] as const) {
      if (!area) continue;
      figures[`subscribe → snapshot, ${name} ${area} (ms)`] = await median(area);
      figures[`  ${name} snapshot KiB / grid cells`] = `${Math.round(sizes.get(area)! / 1024)} / ${cellCounts.get(area)}`;
    }
    return figures;
  } finally {
    socket.disconnect();
  }
}
