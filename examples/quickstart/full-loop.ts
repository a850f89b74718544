/**
 * Part 2 of the demo: the whole loop on this machine. A collector listens on
 * loopback and writes an NDJSON log; the simulated visitors' exposures and
 * purchases travel through the real transport, stamped by a simulated clock
 * over the last 14 days; the analysis reads the log and prints the report with
 * its effects over time (and writes it as HTML).
 */
import { createServer } from 'node:http';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'splitkit';
import { createCollector, createNdjsonStore } from 'splitkit/collector';
import {
  analyzeFromStore,
  designFromRuleset,
  renderHtmlReport,
  renderTerminalReport,
  useColor,
} from 'splitkit/analysis';
import type { RulesetInput } from 'splitkit';
import { seededRandom, visitors } from './visitors.js';

// The simulated truth: blue converts better and errors no more often. Blue's edge is partly novelty:
// on the first day blue converts at 0.135 + 0.12, and the extra halves every day, leaving 0.135
// (a +35% lift) once it wears off. The timeline in the report shows the lift settling.
const CONVERSION = { red: 0.1, blue: 0.135 } as const;
const NOVELTY = 0.12;
const PAGE_ERROR = 0.02;
// The visitors arrive over the 14 days before now (a simulated clock stamps their events).
const DAYS = 14;
const DAY_MS = 86_400_000;

export async function runFullLoop(ruleset: RulesetInput): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'splitkit-demo-'));
  const store = await createNdjsonStore({ path: join(dir, 'events.ndjson') });
  const server = createServer(createCollector({ store }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/events`;

  const start = Date.now() - DAYS * DAY_MS;
  let clock = start;
  const client = createClient({
    ruleset,
    environment: 'server',
    collector: { url },
    events: { attributes: ['country'] },
    now: () => clock,
  });
  const random = seededRandom(42);
  let loggedIn = 0;
  const all = visitors(2700);
  for (const [i, visitor] of all.entries()) {
    clock = start + Math.floor(((i + random()) / all.length) * DAYS * DAY_MS);
    const variant = client.getExperiment('button_color', visitor).variant as 'red' | 'blue' | null;
    if (variant === null) continue;
    if (random() < PAGE_ERROR) client.track('page_error', { user: visitor });
    const day = Math.floor((clock - start) / DAY_MS);
    const rate = CONVERSION[variant] + (variant === 'blue' ? NOVELTY * 0.5 ** day : 0);
    if (random() >= rate) continue;
    const value = Math.round(20 + 60 * random() + (random() < 0.01 ? 2000 : 0));
    if (random() < 0.3) {
      // Some buyers log in first: the purchase carries only their user id, and the identify event links it back.
      const user = { userID: `user-${i}` };
      client.identify({ ...user, deviceID: visitor.deviceID });
      client.track('purchase', { user, value });
      loggedIn++;
    } else client.track('purchase', { user: visitor, value });
  }
  const report = await client.shutdown({ timeoutMs: 10_000 });
  server.close();
  console.log(`Sent through the collector on ${url}: ${JSON.stringify(report?.stats ?? {})}`);
  console.log(`(${loggedIn} purchases were tracked by userID after a login and stitched back by identify events)\n`);

  const analysis = await analyzeFromStore(store, {
    experiment: designFromRuleset(ruleset, 'button_color'),
    metrics: [
      { key: 'purchase', kind: 'conversion', role: 'primary', minDetectableEffect: 0.2 },
      { key: 'revenue', event: 'purchase', kind: 'sum', role: 'secondary', winsorize: { upper: 0.99 } },
      { key: 'page_error', kind: 'conversion', role: 'guardrail', direction: 'decrease' },
    ],
    segments: ['country'],
    confidence: 0.95,
    timeline: true,
  });
  await store.close();
  console.log(renderTerminalReport(analysis, { color: useColor(process.stdout) }));
  await mkdir('reports', { recursive: true });
  await writeFile('reports/quickstart.html', renderHtmlReport(analysis));
  console.log(`\nHTML report: reports/quickstart.html   events: ${join(dir, 'events.ndjson')}`);
}
