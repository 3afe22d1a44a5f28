import { benchResolver } from './resolver.js';

/**
 * `npm run bench`: prints figures; never fails on speed (machines are shared and noisy). Run one
 * benchmark with `npm run bench -- resolver`.
 */
const benches: Record<string, () => Record<string, number | string> | Promise<Record<string, number | string>>> = {
  resolver: benchResolver,
};

const only = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  const figures = await run();
  console.log(`\n== ${name}`);
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(28)} ${value}`);
}
