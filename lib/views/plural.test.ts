import { describe, expect, it } from 'vitest';
import { plural } from './plural';

describe('plural', () => {
  it.each([
    { n: 0, one: 'IP', many: undefined, want: '0 IPs' },
    { n: 1, one: 'IP', many: undefined, want: '1 IP' },
    { n: 2, one: 'node', many: undefined, want: '2 nodes' },
    { n: 1, one: 'address', many: 'addresses', want: '1 address' },
    { n: 10000, one: 'address', many: 'addresses', want: '10000 addresses' },
  ])('$n $one -> $want', ({ n, one, many, want }) => {
    expect(plural(n, one, many)).toBe(want);
  });
});
