/**
 * `--files-from FILE` (or `-` for standard input): one path per line. This is how to name more files than a
 * command line can hold (Linux caps one argument at 128 KiB, and npm passes its whole command line to `sh -c` as one).
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { UsageError } from './readOptions';

/**
 * Reads the list: empty lines are skipped, a trailing `\r` (a list written on Windows) is dropped; nothing else is
 * trimmed, because file names may start or end with spaces.
 */
export async function readPathList(source: string, stdin: Readable = process.stdin): Promise<string[]> {
  if (source !== '-') {
    // A list that is not there is the caller's mistake (exit 2 with the usage), not a failed run.
    let isFile: boolean;
    try {
      isFile = statSync(source).isFile();
    } catch {
      throw new UsageError(`--files-from ${source}: no such file`);
    }
    if (!isFile) throw new UsageError(`--files-from ${source}: not a file`);
  }
  const input = source === '-' ? stdin : createReadStream(source);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const out: string[] = [];
  for await (const line of lines) {
    const path = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (path !== '') out.push(path);
  }
  return out;
}
