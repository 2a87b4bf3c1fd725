import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `../shared` beside the checkout: present for the team and in CI, absent in a user's fresh clone. */
export const sharedDir = join(repoRoot, '..', 'shared');
export const hasShared = existsSync(sharedDir);
export const SHARED_SKIP_REASON = `skipped: ${sharedDir} is absent (it exists only beside the team's checkouts and in CI)`;
