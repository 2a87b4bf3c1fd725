/** The `[i/n] path` progress line on stderr, redrawn at most 4 times a second: millions of files, not millions of writes. */
export interface Progress {
  done(file: string): void;
  end(): void;
}

export function progressReporter(total: number, out: NodeJS.WritableStream, everyMs = 250): Progress {
  let count = 0;
  let last = 0;
  const started = Date.now();
  const draw = (file: string): void => {
    const rate = count / Math.max(0.001, (Date.now() - started) / 1000);
    out.write(`\r[${count}/${total}] ${rate.toFixed(1)} files/s ${file}`.slice(0, 200).padEnd(80));
  };
  let lastFile = '';
  return {
    done: (file) => {
      count++;
      lastFile = file;
      const now = Date.now();
      if (now - last >= everyMs || count === total) {
        last = now;
        draw(file);
      }
    },
    end: () => {
      draw(lastFile);
      out.write('\n');
    },
  };
}
