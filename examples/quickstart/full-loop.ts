/**
 * Part 2 of the demo: the whole loop on this machine. A collector listens on
 * loopback and writes an NDJSON log; the simulated visitors' exposures and
 * purchases travel through the real transport; the analysis reads the log and
 * prints the report (and writes it as HTML).
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

// The simulated truth: blue converts better and errors no more often.
const CONVERSION = { red: 0.1, blue: 0.135 } as const;
const PAGE_ERROR = 0.02;

export async function runFullLoop(ruleset: RulesetInput): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'splitkit-demo-'));
  const store = await createNdjsonStore({ path: join(dir, 'events.ndjson') });
  const server = createServer(createCollector({ store }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/events`;

  const client = createClient({
    ruleset,
    environment: 'server',
    collector: { url },
    events: { attributes: ['country'] },
  });
  const random = seededRandom(42);
  let loggedIn = 0;
  for (const [i, visitor] of visitors(2700).entries()) {
    const variant = client.getExperiment('button_color', visitor).variant as 'red' | 'blue' | null;
    if (variant === null) continue;
    if (random() < PAGE_ERROR) client.track('page_error', { user: visitor });
    if (random() >= CONVERSION[variant]) continue;
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
  });
  await store.close();
  console.log(renderTerminalReport(analysis, { color: useColor(process.stdout) }));
  await mkdir('reports', { recursive: true });
  await writeFile('reports/quickstart.html', renderHtmlReport(analysis));
  console.log(`\nHTML report: reports/quickstart.html   events: ${join(dir, 'events.ndjson')}`);
}
