/**
 * Batch export: JSON Lines (the full answers, one per line, like the CLI) and a flat CSV for spreadsheets.
 */
import { SOURCE_CLASSES } from './classes';
import { scoreOf } from './headScores';
import type { HiveResult } from './response';

export function toJsonLines(results: readonly HiveResult[]): string {
  return results.map((r) => JSON.stringify(r)).join('\n') + (results.length ? '\n' : '');
}

const CSV_HEADER = [
  'filename',
  'status',
  'message',
  'type',
  'width',
  'height',
  'ai_generated',
  'top_source',
  'top_source_score',
  'deepfake',
  'frames',
];

/** RFC 4180 quoting; a leading =,+,-,@ is prefixed with ' so spreadsheets do not run it as a formula. */
function cell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(results: readonly HiveResult[]): string {
  const rows = results.map((r) => {
    const e = r.status[0];
    const res = e?.response;
    const out = res?.summary ?? res?.output[0];
    const classes = out?.classes ?? [];
    const top = classes
      .filter((c) => (SOURCE_CLASSES as readonly string[]).includes(c.class))
      .sort((a, b) => b.score - a.score)[0];
    return [
      res?.input.media.filename ?? '',
      e?.status.code ?? '',
      e?.status.message ?? '',
      res?.input.media.type ?? '',
      res?.input.media.width ?? 0,
      res?.input.media.height ?? 0,
      classes.length ? scoreOf(classes, 'ai_generated').toFixed(6) : '',
      top?.class ?? '',
      top ? top.score.toFixed(6) : '',
      classes.length ? scoreOf(classes, 'deepfake').toFixed(6) : '',
      res?.output.length ?? 0,
    ]
      .map(cell)
      .join(',');
  });
  return [CSV_HEADER.join(','), ...rows].join('\r\n') + '\r\n';
}
