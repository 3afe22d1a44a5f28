import type { BenchArgs, Figures } from './benchUtil.js';
import { benchFanout } from './fanout.js';
import { benchIngest } from './ingest.js';
import { benchMemory } from './memory.js';
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
};

const only: string[] = [];
const args: BenchArgs = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i]!;
  if (arg.startsWith('--')) {
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) args[name] = 'true';
    else {
      args[name] = value;
      if (inline === undefined) i++;
    }
  } else if (arg in benches) only.push(arg);
  else throw new Error(`unknown benchmark "${arg}": one of ${Object.keys(benches).join(', ')}`);
}

for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  const figures = await run(args);
  console.log(`\n== ${name}`);
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(40)} ${value}`);
}
