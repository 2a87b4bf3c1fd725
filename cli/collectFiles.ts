import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Expands the arguments into files, in the order given; a directory contributes its files recursively in
 * sorted order (hidden entries skipped). A path that does not exist is kept: it gets its own error line.
 */
export function collectFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile()) out.push(p);
    }
  };
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory() && !basename(p).startsWith('.')) walk(p);
    else out.push(p);
  }
  return out;
}
