/**
 * CPU time and memory of every process whose command line contains a marker, from /proc (Linux only; null
 * elsewhere). Chromium's profile folder is on the command line of the browser, its renderers and its utility
 * processes, so it names exactly one run's browser.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Chromium ships for

function pidsWith(marker: string): string[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  return entries.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(marker);
    } catch {
      return false; // ended since the listing
    }
  });
}

/**
 * Memory of those processes, summed, in MiB: proportional set size (each shared page split among the processes
 * sharing it), so Chromium's many processes are not counted many times over, as a sum of resident sizes would.
 */
export function processPssMiB(marker: string): number | null {
  const pids = pidsWith(marker);
  if (pids === null) return null;
  let kib = 0;
  for (const pid of pids) {
    try {
      kib += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'))?.[1] ?? 0);
    } catch {
      // ended since the listing
    }
  }
  return kib / 1024;
}

/**
 * CPU seconds used so far by those processes. The bench reports CPU per file beside wall time because, on a machine
 * shared with other work, CPU per file is the figure the load distorts least, and a node's throughput is its cores
 * divided by it.
 */
export function processCpuSeconds(marker: string): number | null {
  const pids = pidsWith(marker);
  if (pids === null) return null;
  let ticks = 0;
  for (const pid of pids) {
    try {
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
