/**
 * Real-browser test plumbing: one built app, the system Chromium. Outside CI, browser tests skip with a clear
 * message when no Chromium is installed; in CI (CI=true) they must run, so a missing browser fails loudly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium } from '../../cli/chromium';
import { repoRoot } from './shared';

export const chromiumPath = findChromium();
export const inCi = process.env.CI === 'true' || process.env.CI === '1';
export const skipBrowser = chromiumPath === null && !inCi;
export const BROWSER_SKIP_REASON =
  'skipped: no Chromium found (apt-get install -y chromium, or set CHROME_PATH); CI runs these';
export const distDir = join(repoRoot, 'dist');

export function requireBuilt(dir = distDir): void {
  if (existsSync(join(dir, 'index.html'))) return;
  throw new Error(
    dir === distDir
      ? 'dist/ is missing: the test command builds it first (npm test runs npm run build)'
      : `${dir}/index.html is missing: not a build of the app`,
  );
}
