import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openResumeLog } from '../../cli/resumeLog';

const line = (file: string): string =>
  JSON.stringify({ file, status: [{ status: { code: '0', message: 'SUCCESS' } }] });
const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'resume-')), 'out.jsonl');

describe('openResumeLog', () => {
  it('creates the file, appends whole lines, and reads them back as done', () => {
    const path = fresh();
    const log = openResumeLog(path);
    expect(log.done.size).toBe(0);
    log.append(line('a.jpg'));
    log.append(line('b c.jpg'));
    log.close();
    expect(readFileSync(path, 'utf8')).toBe(`${line('a.jpg')}\n${line('b c.jpg')}\n`);
    const again = openResumeLog(path);
    expect([...again.done]).toEqual(['a.jpg', 'b c.jpg']);
    expect(again.droppedBytes).toBe(0);
    again.close();
  });
  it('cuts a torn last line (a kill mid-write) and appends after the last complete one', () => {
    const path = fresh();
    const torn = line('c.jpg').slice(0, 30);
    writeFileSync(path, `${line('a.jpg')}\n${line('b.jpg')}\n${torn}`);
    const log = openResumeLog(path);
    expect([...log.done]).toEqual(['a.jpg', 'b.jpg']);
    expect(log.droppedBytes).toBe(torn.length);
    log.append(line('c.jpg'));
    log.close();
    expect(readFileSync(path, 'utf8')).toBe(`${line('a.jpg')}\n${line('b.jpg')}\n${line('c.jpg')}\n`);
  });
  it('treats a complete answer without its newline as torn too (it is redone, not lost)', () => {
    const path = fresh();
    writeFileSync(path, `${line('a.jpg')}\n${line('b.jpg')}`);
    const log = openResumeLog(path);
    expect([...log.done]).toEqual(['a.jpg']);
    log.close();
  });
  it('reads files larger than one chunk, with lines across chunk borders', () => {
    const path = fresh();
    const names = Array.from({ length: 5000 }, (_, i) => `dir/${'x'.repeat(i % 300)}-${i}.png`);
    writeFileSync(path, names.map((n) => `${line(n)}\n`).join(''));
    const log = openResumeLog(path);
    expect(log.done.size).toBe(5000);
    log.close();
  });
  it('refuses a file whose complete lines are not answers, rather than cutting someone else’s data', () => {
    const path = fresh();
    writeFileSync(path, `${line('a.jpg')}\nnot json\n${line('b.jpg')}\n`);
    expect(() => openResumeLog(path)).toThrow(/line 2 is not an answer/);
    expect(readFileSync(path, 'utf8')).toContain('not json');
  });
});
