import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CLASSES } from '../../src/core/classes';
import { buildErrorResponse, buildPhotoResponse, buildVideoResponse } from '../../src/core/buildResponse';
import { emptyTags } from '../../src/core/emptyTags';
import { toClassScores } from '../../src/core/headScores';
import type { FrameOutput } from '../../src/core/response';
import { hasShared, SHARED_SKIP_REASON, sharedDir } from '../helpers/shared';

const classes = toClassScores({ ai: 0.9, generators: { flux: 1 }, inconclusive: false, video: false, deepfake: 0 });
const frame: FrameOutput = { time: 0, classes, algorithmic_tags: emptyTags() };
const media = { filename: 'x.png', mimetype: 'image/png', width: 1024, height: 768 };

/** Recursively compares the key sets and value types of `ours` against `theirs` (Hive's example). */
function sameShape(ours: unknown, theirs: unknown, path: string, problems: string[]): void {
  if (theirs === null || ours === null) return; // Hive documents nullable ids; nulls carry no shape.
  if (Array.isArray(theirs)) {
    if (!Array.isArray(ours)) problems.push(`${path}: expected array`);
    else if (theirs.length > 0 && ours.length > 0) sameShape(ours[0], theirs[0], `${path}[0]`, problems);
    return;
  }
  if (typeof theirs === 'object') {
    if (typeof ours !== 'object' || Array.isArray(ours)) {
      problems.push(`${path}: expected object`);
      return;
    }
    const o = ours as Record<string, unknown>;
    for (const [k, v] of Object.entries(theirs as Record<string, unknown>)) {
      if (!(k in o)) problems.push(`${path}.${k}: missing`);
      else sameShape(o[k], v, `${path}.${k}`, problems);
    }
    return;
  }
  // Hive's example has string placeholders where the contract says null (user_id, project_id).
  if (typeof ours !== typeof theirs && !(typeof theirs === 'string' && ours === null)) {
    problems.push(`${path}: ${typeof ours} instead of ${typeof theirs}`);
  }
}

describe('response builders', () => {
  it('photo: Hive envelope, status 0, one output at time 0, all classes in order', () => {
    const r = buildPhotoResponse({
      media,
      model: { version: 3 },
      frame,
      timing: { backend: 'wasm', decode_ms: 1, inference_ms: 2, total_ms: 3 },
    });
    const entry = r.status[0];
    expect(entry?.status).toEqual({ code: '0', message: 'SUCCESS' });
    const res = entry!.response;
    expect(res.input.media).toMatchObject({
      type: 'PHOTO',
      mime_type: 'png',
      mimetype: 'image/png',
      width: 1024,
      num_frames: 1,
      duration: 0,
    });
    expect(res.input.model_version).toBe(3);
    expect(res.input.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(res.input.created_on))).toBe(false);
    expect(res.output).toHaveLength(1);
    expect(res.output[0]?.classes.map((c) => c.class)).toEqual([...ALL_CLASSES]);
    expect(res.timing?.backend).toBe('wasm');
  });

  it('video: one output per frame and a summary', () => {
    const frames = [0, 1, 2].map((t) => ({ ...frame, time: t }));
    const r = buildVideoResponse({
      media: { ...media, mimetype: 'video/mp4', num_frames: 75, duration: 2.5 },
      model: { version: 1 },
      frames,
      summary: { classes, rule: 'test' },
    });
    const res = r.status[0]!.response;
    expect(res.input.media.type).toBe('VIDEO');
    expect(res.output.map((o) => o.time)).toEqual([0, 1, 2]);
    expect(res.summary?.classes).toHaveLength(ALL_CLASSES.length);
  });

  it.each(['400', '413', '500'] as const)('error %s: well-formed, empty output, message kept', (code) => {
    const r = buildErrorResponse({
      code,
      message: 'The JPEG is truncated',
      filename: 'bad.jpg',
      mimetype: 'image/jpeg',
    });
    const entry = r.status[0]!;
    expect(entry.status).toEqual({ code, message: 'The JPEG is truncated' });
    expect(entry.response.output).toEqual([]);
    expect(entry.response.input.media).toMatchObject({
      filename: 'bad.jpg',
      mimetype: 'image/jpeg',
      mime_type: 'jpeg',
    });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it.skipIf(!hasShared)(
    `has the keys, value types and class order of Hive's published example (${hasShared ? 'shared present' : SHARED_SKIP_REASON})`,
    () => {
      const example: unknown = JSON.parse(readFileSync(join(sharedDir, 'hive-example-response.json'), 'utf8'));
      const ours = buildPhotoResponse({ media, model: { version: 1 }, frame });
      const problems: string[] = [];
      sameShape(ours, example, '$', problems);
      expect(problems).toEqual([]);
      const theirClasses = (
        example as { status: { response: { output: { classes: { class: string }[] }[] } }[] }
      ).status[0]!.response.output[0]!.classes.map((c) => c.class);
      expect(ours.status[0]!.response.output[0]!.classes.map((c) => c.class)).toEqual(theirClasses);
    },
  );
});
