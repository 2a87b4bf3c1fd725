/**
 * `--resume OUT.jsonl`: the answers file is the truth about what is done. Each answer is appended as one complete
 * line in a single write(2) on an O_APPEND descriptor, so once it returns the line is in the kernel and survives the
 * process being killed. A kill in the middle of a write can leave a torn last line: on open, the file is cut back
 * to the end of its last complete, parseable line, and every file with a line before that point counts as done.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

export interface ResumeLog {
  /** Paths (the `file` field of each line) that already have an answer. */
  done: ReadonlySet<string>;
  /** Bytes cut from the end of the file because its last line was torn. */
  droppedBytes: number;
  append(line: string): void;
  close(): void;
}

/** The `file` field of one line, or null when the line is not a complete answer written by this CLI. */
export function fileOfLine(line: string): string | null {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && 'file' in parsed && typeof parsed.file === 'string')
      return parsed.file;
  } catch {
    // A torn or foreign line: not an answer.
  }
  return null;
}

/**
 * Scans an answers file in chunks (it can be gigabytes: millions of lines of a few KB): the paths answered, the
 * length of the prefix made of complete answer lines, and the number of the first complete line that is not an
 * answer, if any. An unterminated tail is what a kill mid-write leaves; a complete line that is not an answer means
 * the file is not (only) ours, and the caller refuses to cut it.
 */
export function scanAnswers(
  fd: number,
  chunkBytes = 1 << 20,
): { done: Set<string>; goodBytes: number; badLine: number | null } {
  const done = new Set<string>();
  let goodBytes = 0;
  let lineNo = 0;
  let carry = Buffer.alloc(0);
  const chunk = Buffer.alloc(chunkBytes);
  for (let position = 0; ;) {
    const n = readSync(fd, chunk, 0, chunkBytes, position);
    if (n === 0) return { done, goodBytes, badLine: null };
    position += n;
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
    let start = 0;
    for (let end = bytes.indexOf(0x0a, start); end >= 0; end = bytes.indexOf(0x0a, start)) {
      lineNo++;
      const file = fileOfLine(bytes.toString('utf8', start, end));
      if (file === null) return { done, goodBytes, badLine: lineNo };
      done.add(file);
      goodBytes += end + 1 - start;
      start = end + 1;
    }
    carry = Buffer.from(bytes.subarray(start));
  }
}

export function openResumeLog(path: string): ResumeLog {
  // 'a+' creates the file when missing, reads from any position and appends every write at the end (O_APPEND).
  const fd = openSync(path, 'a+');
  const { done, goodBytes, badLine } = scanAnswers(fd);
  if (badLine !== null) {
    closeSync(fd);
    throw new Error(
      `--resume ${path}: line ${badLine} is not an answer from this tool (no "file" field); refusing to append to or cut this file`,
    );
  }
  const droppedBytes = fstatSync(fd).size - goodBytes;
  if (droppedBytes > 0) {
    ftruncateSync(fd, goodBytes);
    fsyncSync(fd);
  }
  return {
    done,
    droppedBytes,
    append: (line) => {
      const buf = Buffer.from(`${line}\n`, 'utf8');
      // writeSync may write less than asked (a signal, a full disk): loop until the whole line is out.
      for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
    },
    close: () => {
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}
