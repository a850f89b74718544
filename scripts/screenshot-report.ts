/**
 * Regenerates docs/images/report.png, the HTML report shown in docs/analysis.md:
 * runs the demo (`npm run demo`, which writes reports/quickstart.html), then
 * screenshots the page's top (verdict, units, metrics with their forest plots
 * and timelines) with headless Chromium.
 *
 *   npx tsx scripts/screenshot-report.ts [--chromium /usr/bin/chromium]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const flag = process.argv.indexOf('--chromium');
const chromium = flag >= 0 ? (process.argv[flag + 1] ?? '') : (process.env.CHROMIUM ?? '/usr/bin/chromium');
const page = join(root, 'reports', 'quickstart.html');
const out = join(root, 'docs', 'images', 'report.png');

execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'examples/quickstart/main.ts'], {
  cwd: root,
  stdio: 'ignore',
});
// A throwaway profile, so the run neither reads nor leaves browser state.
const profile = mkdtempSync(join(tmpdir(), 'splitkit-shot-'));
try {
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--force-device-scale-factor=1',
      `--user-data-dir=${profile}`,
      `--screenshot=${out}`,
      '--window-size=1100,1110',
      pathToFileURL(page).href,
    ],
    { stdio: 'ignore', timeout: 60_000 },
  );
} finally {
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${out}: ${Math.round(statSync(out).size / 1024)} KB`);
