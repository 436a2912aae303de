import { afterEach, describe, expect, it } from 'vitest';
import { mark, measureFromMark, measureSince } from '../src/lib/perf';

afterEach(() => {
  performance.clearMarks();
  performance.clearMeasures();
});

describe('performance entries', () => {
  it('measures from a mark, then clears the mark', () => {
    mark('meetings-data');
    mark('meetings-data');
    expect(performance.getEntriesByName('meetings-data', 'mark')).toHaveLength(1);
    measureFromMark('meetings-first-rows', 'meetings-data');
    expect(performance.getEntriesByName('meetings-first-rows', 'measure')).toHaveLength(1);
    expect(performance.getEntriesByName('meetings-data', 'mark')).toHaveLength(0);
    // No mark, no measure.
    measureFromMark('meetings-first-rows', 'meetings-data');
    expect(performance.getEntriesByName('meetings-first-rows', 'measure')).toHaveLength(1);
  });

  it('keeps only the newest 50 measures of a name', () => {
    // Increasing, positive and in the past, however young this worker's clock is.
    const now = performance.now();
    const starts = Array.from({ length: 60 }, (_, i) => (now * (i + 1)) / 100);
    for (const start of starts) measureSince('meetings-filter', start);
    const kept = performance.getEntriesByName('meetings-filter', 'measure');
    expect(kept).toHaveLength(50);
    expect(kept.map((e) => e.startTime)).toEqual(starts.slice(10));
    expect(kept.every((e) => e.duration > 0)).toBe(true);
  });
});
