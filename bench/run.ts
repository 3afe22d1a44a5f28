import { parseBenchArgs, type BenchArgs, type Figures } from './benchUtil.js';
import { benchDesk } from './desk.js';
import { benchFanout } from './fanout.js';
import { benchHistory } from './history.js';
import { benchIngest } from './ingest.js';
import { benchKpis } from './kpiLoad.js';
import { benchMapClient } from './mapClient.js';
import { benchMapCases, benchReplay } from './mapData.js';
import { benchMemory } from './memory.js';
import { benchReplayPage } from './replayPage.js';
import { benchResolver } from './resolver.js';

/**
 * `npm run bench`: prints figures; never fails on speed (machines are shared and noisy). Run some
 * with `npm run bench -- resolver ingest`; options follow as `--name value`, e.g.
 * `npm run bench -- memory --cases 200000`.
 */
const benches: Record<string, (args: BenchArgs) => Figures | Promise<Figures>> = {
  resolver: benchResolver,
  ingest: benchIngest,
  fanout: benchFanout,
  memory: benchMemory,
  kpis: benchKpis,
  desk: benchDesk,
  replay: benchReplay,
  mapcases: benchMapCases,
  mapclient: benchMapClient,
  replaypage: benchReplayPage,
  history: benchHistory,
};

const { args, words: only } = parseBenchArgs(process.argv.slice(2));
for (const name of only) if (!(name in benches)) throw new Error(`unknown benchmark "${name}": one of ${Object.keys(benches).join(', ')}`);

for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  const figures = await run(args);
  console.log(`\n== ${name}`);
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(40)} ${value}`);
}
