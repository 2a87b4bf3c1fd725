/**
 * Refreshes the shipped C2PA trust lists (src/provenance/trustList/) from a snapshot of the public repository
 * c2pa-org/conformance-public, folder `trust-list/`, published under CC BY 4.0. Nothing is fetched here: bring the
 * snapshot first (the search tool's `fetch`, or any clone), then point this script at it.
 *
 *   npx tsx scripts/update-trust-list.ts --git <bare or normal git dir of the snapshot>   # reads HEAD:trust-list/*
 *   npx tsx scripts/update-trust-list.ts --dir <folder holding the four files> --commit <source commit>
 *
 * Writes the two PEM files, the licence and source.json: source commit, each PEM's sha256 and certificate count,
 * and each list's issue date and next-update date (from the lists' JSON, which is not shipped). The page shows the
 * dates and warns once the next-update date has passed (src/provenance/trustListInfo.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrustListSource } from '../src/provenance/trustListInfo';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'provenance', 'trustList');
type FileName =
  'C2PA-TRUST-LIST.pem' | 'C2PA-TSA-TRUST-LIST.pem' | 'C2PA-TRUST-LIST.json' | 'C2PA-TSA-TRUST-LIST.json' | 'LICENSE';

function usage(message: string): never {
  process.stderr.write(
    `error: ${message}\nusage: update-trust-list.ts --git <git dir> | --dir <folder> --commit <sha>\n`,
  );
  process.exit(2);
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Reads the snapshot's files and its commit, from a git dir (HEAD) or a plain folder. */
function readSnapshot(): { commit: string; read: (f: FileName) => Buffer } {
  const git = arg('--git');
  if (git !== undefined) {
    const run = (...a: string[]): Buffer =>
      execFileSync('git', ['--git-dir', git, ...a], { maxBuffer: 64 * 1024 * 1024 });
    const commit = run('rev-parse', 'HEAD').toString().trim();
    const show = (path: string): Buffer | null => {
      try {
        return run('show', `HEAD:${path}`);
      } catch {
        return null;
      }
    };
    // The licence may sit in the folder or at the repository's root.
    return {
      commit,
      read: (f) =>
        show(`trust-list/${f}`) ??
        (f === 'LICENSE' ? show('LICENSE') : null) ??
        usage(`${f} is not in HEAD:trust-list/`),
    };
  }
  const dir = arg('--dir');
  const commit = arg('--commit');
  if (dir === undefined || commit === undefined) usage('give --git, or --dir with --commit');
  if (!/^[0-9a-f]{40}$/.test(commit)) usage('--commit must be a 40-digit hex commit');
  return {
    commit,
    read: (f) => {
      const p = join(dir, f);
      if (!existsSync(p)) usage(`${p} is missing`);
      return readFileSync(p);
    },
  };
}

interface LoteInfo {
  ListIssueDateTime?: unknown;
  NextUpdate?: unknown;
  LoTESequenceNumber?: unknown;
}

function listDates(json: Buffer, name: string): { issued: string; next_update: string; sequence: number } {
  const parsed = JSON.parse(json.toString('utf8')) as { LoTE?: { ListAndSchemeInformation?: LoteInfo } };
  const info = parsed.LoTE?.ListAndSchemeInformation;
  const issued = info?.ListIssueDateTime;
  const next = info?.NextUpdate;
  if (
    typeof issued !== 'string' ||
    typeof next !== 'string' ||
    Number.isNaN(Date.parse(issued)) ||
    Number.isNaN(Date.parse(next))
  ) {
    throw new Error(`${name}: no ListIssueDateTime / NextUpdate dates`);
  }
  return {
    issued,
    next_update: next,
    sequence: typeof info?.LoTESequenceNumber === 'number' ? info.LoTESequenceNumber : 0,
  };
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const certificates = (pem: Buffer): number => pem.toString('latin1').split('-----BEGIN CERTIFICATE-----').length - 1;

function main(): void {
  const snap = readSnapshot();
  const pem = snap.read('C2PA-TRUST-LIST.pem');
  const tsa = snap.read('C2PA-TSA-TRUST-LIST.pem');
  if (certificates(pem) === 0 || certificates(tsa) === 0) throw new Error('a PEM file holds no certificate');
  const source: TrustListSource = {
    repository: 'c2pa-org/conformance-public',
    folder: 'trust-list',
    commit: snap.commit,
    licence: 'CC BY 4.0',
    attribution:
      'C2PA Trust List and C2PA TSA Trust List, by the Coalition for Content Provenance and Authenticity (C2PA), CC BY 4.0',
    trust_list: {
      file: 'C2PA-TRUST-LIST.pem',
      sha256: sha256(pem),
      certificates: certificates(pem),
      ...listDates(snap.read('C2PA-TRUST-LIST.json'), 'C2PA-TRUST-LIST.json'),
    },
    tsa_trust_list: {
      file: 'C2PA-TSA-TRUST-LIST.pem',
      sha256: sha256(tsa),
      certificates: certificates(tsa),
      ...listDates(snap.read('C2PA-TSA-TRUST-LIST.json'), 'C2PA-TSA-TRUST-LIST.json'),
    },
  };
  writeFileSync(join(OUT, 'C2PA-TRUST-LIST.pem'), pem);
  writeFileSync(join(OUT, 'C2PA-TSA-TRUST-LIST.pem'), tsa);
  writeFileSync(join(OUT, 'LICENSE'), snap.read('LICENSE'));
  writeFileSync(join(OUT, 'source.json'), `${JSON.stringify(source, null, 2)}\n`);
  process.stdout.write(
    `trust lists from ${source.repository}@${snap.commit.slice(0, 12)}: ${source.trust_list.certificates} + ${source.tsa_trust_list.certificates} certificates, next update ${source.trust_list.next_update}\n`,
  );
}

main();
