import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGeneratorClass } from '../../src/core/classes';
import { parseClassifierManifest } from '../../src/core/modelManifest';
import { repoRoot } from '../helpers/shared';

const valid = {
  name: 'm',
  version: 1,
  file: 'm.onnx',
  sha256: 'ab',
  input: { name: 'input', size: 224, layout: 'NCHW', mean: [0, 0, 0], std: [1, 1, 1] },
  outputs: { generation: 'generation', source: 'source' },
  generation_labels: ['not_ai_generated', 'ai_generated'],
  source_labels: ['none', 'flux'],
  temperature: { generation: 1.2, source: 1 },
  threshold: 0.5,
  crops: { size: 224, max: 5 },
};

describe('parseClassifierManifest', () => {
  it('accepts a complete manifest', () => {
    expect(parseClassifierManifest(valid).source_labels).toEqual(['none', 'flux']);
  });

  it.each([
    ['generation labels swapped', { ...valid, generation_labels: ['ai_generated', 'not_ai_generated'] }],
    ['threshold out of range', { ...valid, threshold: 1 }],
    ['no mean', { ...valid, input: { ...valid.input, mean: [0, 0] } }],
    ['not an object', 42],
  ])('rejects %s', (_name, json) => {
    expect(() => parseClassifierManifest(json)).toThrow(/Invalid classifier manifest/);
  });

  const shipped = join(repoRoot, 'public', 'models', 'classifier.json');
  it.skipIf(!existsSync(shipped))(
    'the shipped manifest is valid, names only Hive classes, and matches its model file',
    () => {
      const m = parseClassifierManifest(JSON.parse(readFileSync(shipped, 'utf8')));
      for (const label of m.source_labels) expect(label === 'none' || isGeneratorClass(label), label).toBe(true);
      const bytes = readFileSync(join(repoRoot, 'public', 'models', m.file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(m.sha256);
      // Issue 2's size budget for int8 weights; an ensemble of two MobileNetV2s (4.9 MB) is the most that fits.
      expect(bytes.length).toBeLessThanOrEqual(5_000_000);
    },
  );
});
