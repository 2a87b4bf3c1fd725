/**
 * CPU seconds used so far by every process whose command line contains `marker` (Chromium's profile folder names
 * the browser, its renderers and its utility processes), read from /proc. Linux only; null elsewhere. The bench
 * reports CPU per file beside wall time because, on a machine shared with other work, CPU per file is the figure
 * the load does not distort much, and a node's throughput is its cores divided by it.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Chromium ships for

export function processCpuSeconds(marker: string): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  let ticks = 0;
  for (const pid of entries) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(marker)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      // Fields after the parenthesised command name (which may contain spaces): utime and stime are fields 14, 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between listing and reading: its time is lost to both readings alike.
    }
  }
  return ticks / TICKS_PER_SECOND;
}
