import { describe, expect, it } from 'vitest';
import { isoTime, isoTimeOrNull } from '../electron/main/core/iso';

describe('isoTime (the rows every list answers)', () => {
  it('writes what Date#toISOString writes, across its whole range and at the edges', () => {
    const DAY = 86_400_000;
    const LAST = 253_402_300_800_000; // 10000-01-01
    const edges = [0, 1, 9, 10, 99, 100, 999, 1000, 59_999, 3_599_999, DAY - 1, DAY, DAY + 1, LAST - 1, LAST, LAST + 1];
    // Leap days, a century that is not a leap year, one that is, and now.
    edges.push(Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 1, 28, 12), Date.UTC(2400, 1, 29), Date.now());
    // Before 1970, after 9999, parts of a millisecond: handed to Date itself.
    edges.push(-1, -DAY - 1, -62_198_755_200_000, 8.64e15, 1.5, 1_700_000_000_000.7);
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 20_000; i++) edges.push(Math.floor(random() * LAST));
    // Many in one day, as a window of accounts refreshed together has.
    for (let i = 0; i < 5_000; i++) edges.push(1_764_720_000_000 + Math.floor(random() * DAY));
    for (const ms of edges) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('stays right across more days than it keeps', () => {
    const start = Date.UTC(1990, 0, 1, 6, 7, 8, 9);
    for (let d = 0; d < 10_000; d++) {
      const ms = start + d * 86_400_000;
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('says null for a time not set, and refuses a value that is no time as Date does', () => {
    expect(isoTimeOrNull(null)).toBeNull();
    expect(isoTimeOrNull(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError);
  });
});
