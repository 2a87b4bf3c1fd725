/**
 * The command-line grammar both CLIs share (`npm run detect`, `npm run eval`): `--name value` or `--name=value` for
 * options that take a value, bare `--flag`s, `--` ignored, `-h` / `--help` asking for usage, anything else starting
 * with `-` an error (a typo must not silently measure or scan something else), the rest positional in order.
 */
export class UsageError extends Error {}

export interface ReadOptions {
  /** Last value given for each valued option present. */
  values: Map<string, string>;
  flags: Set<string>;
  positionals: string[];
}

export function readOptions(
  argv: readonly string[],
  spec: { valued: readonly string[]; flags: readonly string[] },
): ReadOptions {
  const out: ReadOptions = { values: new Map(), flags: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (a === '--') continue;
    else if (spec.valued.includes(name)) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${a} needs a value`);
      out.values.set(name, v);
    } else if (spec.flags.includes(a)) out.flags.add(a);
    else if (a === '-h' || a === '--help') throw new UsageError('');
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else out.positionals.push(a);
  }
  return out;
}
