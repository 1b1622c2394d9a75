import { describe, expect, it } from 'vitest';
import { assignSlots } from './use-recycled-slots';

const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);
const slotsOf = (m: Map<number, number>, indexes: number[]) => indexes.map((i) => m.get(i));

describe('assignSlots', () => {
  it('keeps the key of a row that stays on screen and gives the key it left to the row scrolled in', () => {
    const first = assignSlots(new Map(), range(0, 5));
    expect(slotsOf(first, range(0, 5))).toEqual([0, 1, 2, 3, 4]);
    const next = assignSlots(first, range(1, 5));
    expect(slotsOf(next, range(1, 4))).toEqual([1, 2, 3, 4]);
    expect(next.get(5)).toBe(0); // row 0 scrolled out, row 5 takes its DOM
  });

  it('reuses every key on a jump of a whole screen, so no row is created', () => {
    const before = assignSlots(new Map(), range(100, 27));
    const after = assignSlots(before, range(8_400, 27));
    expect(new Set(after.values())).toEqual(new Set(before.values()));
  });

  it('gives distinct keys, adds new ones only when the window grows, and is the same when rendered twice', () => {
    const a = assignSlots(new Map(), range(0, 20));
    const grown = assignSlots(a, range(10, 25));
    expect(new Set(grown.values()).size).toBe(25);
    expect(Math.max(...grown.values())).toBe(24);
    expect(assignSlots(grown, range(10, 25))).toEqual(grown);
    const shrunk = assignSlots(grown, range(12, 3));
    expect(slotsOf(shrunk, range(12, 3))).toEqual(slotsOf(grown, range(12, 3)));
  });
});
