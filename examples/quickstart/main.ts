/**
 * splitkit quick start: evaluate a targeted gate and an 80/20 experiment for
 * 2,700 simulated logged-out visitors and a few logged-in users, locally, from
 * the example ruleset. Run with `npm run demo`.
 */
import { readFileSync } from 'node:fs';
import { createClient } from '../../src/index.js';
import { visitors } from './visitors.js';

const ruleset = JSON.parse(readFileSync(new URL('./ruleset.json', import.meta.url), 'utf8'));

// A server-style client: no bound user, one user per call.
const client = createClient({ ruleset, environment: 'server', onError: (error) => console.error(error.message) });

const VISITORS = 2700;
const counts = new Map<string, number>();
for (const visitor of visitors(VISITORS)) {
  const variant = client.getExperiment('button_color', visitor).variant ?? '(none)';
  counts.set(variant, (counts.get(variant) ?? 0) + 1);
}

console.log(`button_color: ${VISITORS} logged-out visitors bucketed by deviceID (configured 80/20)`);
for (const [variant, count] of [...counts].sort((a, b) => b[1] - a[1])) {
  const share = (100 * count) / VISITORS;
  console.log(`  ${variant.padEnd(6)} ${String(count).padStart(5)}  ${share.toFixed(1)}%`);
}
// With n = 2700 the standard error of an 80% share is sqrt(0.8*0.2/2700) = 0.77 pp.
const red = ((counts.get('red') ?? 0) / VISITORS) * 100;
console.log(`  observed red share ${red.toFixed(2)}% vs 80% expected (±1.54 pp is 2 standard errors)\n`);

const users = [
  { userID: 'ada', email: 'ada@acme.com', country: 'GB' },
  { userID: 'grace', email: 'grace@example.org', country: 'US' },
  { userID: 'linus', email: 'linus@example.org', country: 'CA' },
  { userID: 'margaret', email: 'margaret@example.org', country: 'DE' },
  { country: 'US' },
];
console.log('new_checkout for a few logged-in users:');
for (const user of users) {
  const details = client.getGateDetails('new_checkout', user);
  const who = String(user.userID ?? '(no userID)').padEnd(12);
  const rule = details.ruleId ? ` rule=${details.ruleId}` : '';
  const bucket = details.bucket !== undefined ? ` bucket=${details.bucket}` : '';
  console.log(`  ${who} ${user.country}  ${String(details.value).padEnd(5)} ${details.reason}${rule}${bucket}`);
}

const visitor = visitors(1)[0]!;
const result = client.getExperiment('button_color', visitor);
console.log(`\nvisitor ${visitor.deviceID}: button_color=${result.variant} color=${result.get('color', '#000')} (${result.reason})`);
console.log(`free_shipping_threshold for CA: ${client.getParam('free_shipping_threshold', 0, { country: 'CA' })}, for US: ${client.getParam('free_shipping_threshold', 0, { country: 'US' })}`);
console.log(`unknown gate "typo_gate" → ${client.checkGate('typo_gate', { userID: 'ada' })} (reason ${client.getGateDetails('typo_gate').reason}, reported through onError above)`);
