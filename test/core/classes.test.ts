import { describe, expect, it } from 'vitest';
import { ALL_CLASSES, GENERATION_CLASSES, GENERATOR_CLASSES, SOURCE_CLASSES } from '../../src/core/classes';

describe('class registry', () => {
  it('follows Hive order: generation head, source head, deepfake last', () => {
    expect(ALL_CLASSES.slice(0, 2)).toEqual(['not_ai_generated', 'ai_generated']);
    expect(ALL_CLASSES.at(-1)).toBe('deepfake');
    expect(ALL_CLASSES.slice(-4, -1)).toEqual(['none', 'inconclusive', 'inconclusive_video']);
    expect(ALL_CLASSES).toHaveLength(GENERATION_CLASSES.length + SOURCE_CLASSES.length + 1);
  });

  it('has no duplicates and the 60 named generators of HIVE-RESPONSE.md', () => {
    expect(new Set(ALL_CLASSES).size).toBe(ALL_CLASSES.length);
    expect(GENERATOR_CLASSES).toHaveLength(60);
    expect(GENERATOR_CLASSES[0]).toBe('sora');
    expect(GENERATOR_CLASSES.at(-1)).toBe('imagen4');
  });
});
