/**
 * `npm run detect -- [--fps N] [--backend wasm|webgpu] [--no-metadata] [--no-faces] [--crops 1-5] <file|dir>...`
 * JSON Lines on stdout, one per file, in input order. Exit 0 when every file produced a line (error lines
 * included), 2 on usage errors, 1 when the run itself failed (no browser, no built app).
 */
import { parseDetectArgs, USAGE } from './args';
import { UsageError } from './readOptions';
import { collectFiles } from './collectFiles';
import { startAppDriver } from './appDriver';

async function main(): Promise<number> {
  let args;
  try {
    args = parseDetectArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message ? `error: ${e.message}\n` : ''}${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const files = collectFiles(args.paths);
  if (files.length === 0) {
    process.stderr.write(`error: no files found in ${args.paths.join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const driver = await startAppDriver({ files, backend: args.backend, metadata: args.metadata, faces: args.faces, crops: args.crops, fps: args.fps });
  try {
    for (let i = 0; i < files.length; i++) {
      const result = await driver.analyze(i);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.stderr.write(`\r[${i + 1}/${files.length}] ${files[i]}`.slice(0, 200).padEnd(80));
    }
    process.stderr.write('\n');
  } finally {
    await driver.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
