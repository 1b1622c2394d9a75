import { describe, expect, it } from 'vitest';
import { formatAge } from './human-duration';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('ages as kubectl prints them', () => {
  it.each([
    [-5 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [45 * s, '45s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [3 * m + 12 * s, '3m12s'],
    [84 * m, '84m'],
    [3 * h, '3h'],
    [5 * h + 2 * m, '5h2m'],
    [21 * h, '21h'],
    [3 * d + 4 * h, '3d4h'],
    [30 * d, '30d'],
    [2 * 365 * d + 3 * d, '2y3d'],
    [9 * 365 * d, '9y'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});
