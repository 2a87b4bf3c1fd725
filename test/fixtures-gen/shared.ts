import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared` beside the checkout: present for the team and in CI, absent in a fresh clone. */
export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');
export const c2paFixtureDir = join(sharedDir, 'fixtures', 'c2pa');
export const hasC2paFixtures = existsSync(c2paFixtureDir);
export const SHARED_SKIP_REASON = `skipped: ${c2paFixtureDir} is absent (it exists only beside the team's checkouts and in CI)`;
