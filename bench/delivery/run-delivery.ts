/** `npx tsx bench/delivery/run-delivery.ts`: only the delivery part of `npm run bench` (snapshot cost, update latency). */
import { issueRuleset } from '../../test/fixtures/issue-ruleset.js';
import { makeUsers } from '../users.js';
import { formatNumber, formatTable } from '../table.js';
import { measureSnapshotCost } from './snapshot-cost.js';
import { measureUpdateLatency } from './update-latency.js';

const cost = measureSnapshotCost(issueRuleset, makeUsers(20_000), 5);
console.log(
  formatTable(
    ['case', 'µs', 'JSON bytes'],
    cost.map((row) => [row.what, formatNumber(row.microseconds, 2), row.bytes === undefined ? '' : String(row.bytes)]),
  ),
);
const latency = await measureUpdateLatency(
  (version) => ({ ...issueRuleset, updatedAt: new Date(Date.UTC(2026, 0, 1) + version * 1000).toISOString() }),
  30,
  250,
);
console.log(
  formatTable(
    ['way', 'median ms', 'p95 ms'],
    latency.map((row) => [row.what, formatNumber(row.medianMs, 1), formatNumber(row.p95Ms, 1)]),
  ),
);
