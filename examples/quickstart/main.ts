/**
 * splitkit quick start (`npm run demo`): evaluate a targeted gate and an
 * 80/20 experiment for 2,700 simulated visitors from the example ruleset, then
 * run the whole loop on loopback: exposures and purchases through the event
 * pipeline into a local collector, and the experiment report at the end.
 */
import { readFileSync } from 'node:fs';
import { createClient } from 'splitkit';
import { showEvaluations } from './evaluate.js';
import { runFullLoop } from './full-loop.js';

const ruleset = JSON.parse(readFileSync(new URL('./ruleset.json', import.meta.url), 'utf8'));

// A server-style client: no bound user, one user per call.
const client = createClient({
  ruleset,
  environment: 'server',
  onError: (error) => console.error(`  (onError) ${error.message}`),
});
showEvaluations(client);
await runFullLoop(ruleset);
