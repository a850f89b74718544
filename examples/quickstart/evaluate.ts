/** Part 1 of the demo: local evaluation, no server. */
import type { SplitkitClient } from 'splitkit';
import { visitors } from './visitors.js';

const VISITORS = 2700;

export function showEvaluations(client: SplitkitClient): void {
  const counts = new Map<string, number>();
  for (const visitor of visitors(VISITORS)) {
    const variant = client.getExperiment('button_color', visitor, { exposure: false }).variant ?? '(none)';
    counts.set(variant, (counts.get(variant) ?? 0) + 1);
  }
  console.log(`button_color: ${VISITORS} logged-out visitors bucketed by deviceID (configured 80/20)`);
  for (const [variant, count] of [...counts].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${variant.padEnd(6)} ${String(count).padStart(5)}  ${((100 * count) / VISITORS).toFixed(1)}%`);
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
    const details = client.getGateDetails('new_checkout', user, { exposure: false });
    const who = String(user.userID ?? '(no userID)').padEnd(12);
    const rule = details.ruleId ? ` rule=${details.ruleId}` : '';
    const bucket = details.bucket !== undefined ? ` bucket=${details.bucket}` : '';
    console.log(`  ${who} ${user.country}  ${String(details.value).padEnd(5)} ${details.reason}${rule}${bucket}`);
  }

  const visitor = visitors(1)[0]!;
  const result = client.getExperiment('button_color', visitor, { exposure: false });
  console.log(
    `\nvisitor ${visitor.deviceID}: button_color=${result.variant} color=${result.get('color', '#000')} (${result.reason})`,
  );
  const threshold = (country: string) =>
    client.getParam('free_shipping_threshold', 0, { country }, { exposure: false });
  console.log(`free_shipping_threshold: CA ${threshold('CA')}, US ${threshold('US')}`);
  const unknown = client.getGateDetails('typo_gate', { userID: 'ada' });
  console.log(
    `unknown gate "typo_gate" → ${unknown.value} (reason ${unknown.reason}, ${unknown.errorCode}; reported through onError)\n`,
  );
}
