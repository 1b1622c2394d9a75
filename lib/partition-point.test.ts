import { describe, expect, it } from 'vitest';
import { partitionPoint } from './partition-point';

describe('partitionPoint', () => {
  it.each([
    ['an empty sequence', [], 3, 0],
    ['every element after', [5, 6, 7], 3, 0],
    ['none after', [1, 2, 3], 3, 3],
    ['after equal runs', [1, 3, 3, 3, 5], 3, 4],
    ['inside', [1, 2, 4, 8], 3, 2],
  ])('finds the first element greater than the key in %s', (_name, xs, key, index) => {
    expect(partitionPoint(xs.length, (i) => xs[i] > key)).toBe(index);
  });
});
