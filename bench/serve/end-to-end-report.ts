/** The end-to-end update latency as the bench prints it: a table, and the failures that fail the bench. */
import { formatNumber, formatTable } from '../table.js';
import type { EndToEndLatency } from './end-to-end-latency.js';

/** A heading line and a table: ms for both ways, and polling's also as a share of its interval. */
export function endToEndTable(result: EndToEndLatency): string {
  const { pollIntervalMs: interval } = result;
  const share = (ms: number) => formatNumber(ms / interval, 2);
  const rows = [result.sse, result.polling].map((way) => [
    way.way === 'SSE' ? 'SSE stream' : `polling every ${formatNumber(interval)} ms`,
    formatNumber(way.ms.median, 1),
    formatNumber(way.ms.p90, 1),
    formatNumber(way.ms.max, 1),
    way.way === 'SSE' ? '–' : `${share(way.ms.median)} / ${share(way.ms.p90)} / ${share(way.ms.max)}`,
    `${way.ms.n}/${result.updates}`,
  ]);
  return (
    `End-to-end update latency: ruleset file written → splitkit serve → a connected Node client's subscribe callback ` +
    `carrying that write (${result.updates} writes; polling waits for its next poll, so it is about half an ` +
    `interval on average and one at worst)\n` +
    formatTable(['client', 'median ms', 'p90 ms', 'max ms', 'median / p90 / max ÷ interval', 'heard'], rows)
  );
}

/** One line per problem: an update a client never heard within its bound, or an error a client reported. */
export function endToEndFailures(result: EndToEndLatency): string[] {
  const failures = [result.sse, result.polling]
    .filter((way) => way.missed.length > 0)
    .map(
      (way) =>
        `the ${way.way} client never heard update${way.missed.length > 1 ? 's' : ''} ${way.missed.join(', ')} ` +
        `within ${formatNumber(way.boundMs)} ms`,
    );
  return [...failures, ...result.errors.map((error) => `a client reported ${error}`)];
}
