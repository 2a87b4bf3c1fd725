import { expect } from 'vitest';
import { ALL_CLASSES, SOURCE_CLASSES } from '../../src/core/classes';
import type { HiveResult } from '../../src/core/response';

/** Checks one successful photo answer against HIVE-RESPONSE.md. */
export function expectPhotoContract(r: HiveResult, filename: string): void {
  const entry = r.status[0];
  expect(entry?.status).toEqual({ code: '0', message: 'SUCCESS' });
  const res = entry!.response;
  expect(res.input.media.filename).toBe(filename);
  expect(res.input.media.type).toBe('PHOTO');
  expect(res.input.media.width).toBeGreaterThan(0);
  expect(res.output).toHaveLength(1);
  const classes = res.output[0]!.classes;
  expect(classes.map((c) => c.class)).toEqual([...ALL_CLASSES]);
  for (const c of classes) {
    expect(Number.isFinite(c.score)).toBe(true);
    expect(c.score).toBeGreaterThanOrEqual(0);
    expect(c.score).toBeLessThanOrEqual(1);
  }
  const sum = (names: readonly string[]): number =>
    classes.filter((c) => names.includes(c.class)).reduce((a, c) => a + c.score, 0);
  expect(sum(['not_ai_generated', 'ai_generated'])).toBeCloseTo(1, 6);
  expect(sum(SOURCE_CLASSES)).toBeCloseTo(1, 6);
  expect(res.output[0]!.algorithmic_tags).toHaveProperty('c2pa');
  expect(['wasm', 'webgpu']).toContain(res.timing?.backend);
}
