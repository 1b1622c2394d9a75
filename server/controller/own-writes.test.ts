// The controller's record of its own Service writes: an echo that arrives while the write is in
// flight or after it answered is not decided again; anyone else's change, a failed write that saw
// a change, or a pools/namespace change since the decision is.
import { describe, expect, it } from 'vitest';
import { createOwnWrites } from './own-writes';

const KEY = 'default/web';
/** One status write: the service was at 10 when decided, our write left it at 11. */
const TRAIL = { stale: ['10'], final: '11' };

describe('own writes', () => {
  it('holds versions only while a write to that service is in flight', () => {
    const own = createOwnWrites(() => 0);
    expect(own.hold(KEY, '11')).toBe(false);
    own.begin(KEY);
    expect(own.hold(KEY, '11')).toBe(true);
    expect(own.hold('default/other', '12')).toBe(false);
    own.settle(KEY, TRAIL, 0);
    expect(own.hold(KEY, '13')).toBe(false);
  });

  it('an echo that arrives before the write answers is not decided again, nor expected again', () => {
    const own = createOwnWrites(() => 0);
    own.begin(KEY);
    own.hold(KEY, '11');
    expect(own.settle(KEY, TRAIL, 0)).toBe(false);
    // Someone else's change later is a change: it is not mistaken for the echo already seen.
    expect(own.isOwn(KEY, '12')).toBe(false);
  });

  it('an echo that arrives after the write answers is recognised once', () => {
    const own = createOwnWrites(() => 0);
    own.begin(KEY);
    expect(own.settle(KEY, TRAIL, 0)).toBe(false);
    expect(own.isOwn(KEY, '11')).toBe(true);
    expect(own.isOwn(KEY, '11')).toBe(false);
  });

  it('versions our earlier writes left are skipped until the final one arrives', () => {
    const own = createOwnWrites(() => 0);
    own.begin(KEY);
    own.hold(KEY, '11');
    // Status, then annotations in a second write: 10 -> 11 -> 12.
    expect(own.settle(KEY, { stale: ['10', '11'], final: '12' }, 0)).toBe(false);
    expect(own.isOwn(KEY, '12')).toBe(true);
  });

  it("someone else's change during the write is decided again", () => {
    const own = createOwnWrites(() => 0);
    own.begin(KEY);
    own.hold(KEY, '11');
    own.hold(KEY, '12');
    expect(own.settle(KEY, TRAIL, 0)).toBe(true);
  });

  it('our own echo is decided again when every service was queued again since the decision', () => {
    let epoch = 0;
    const own = createOwnWrites(() => epoch);
    own.begin(KEY);
    own.hold(KEY, '11');
    epoch++; // a pool changed while the write was in flight
    expect(own.settle(KEY, TRAIL, 0)).toBe(true);

    own.begin(KEY);
    expect(own.settle(KEY, { stale: ['11'], final: '12' }, 1)).toBe(false);
    epoch++;
    expect(own.isOwn(KEY, '12')).toBe(false);
  });

  it('a failed write decides again only if the service changed meanwhile', () => {
    const own = createOwnWrites(() => 0);
    own.begin(KEY);
    expect(own.settle(KEY, undefined, 0)).toBe(false);
    own.begin(KEY);
    own.hold(KEY, '11');
    expect(own.settle(KEY, undefined, 0)).toBe(true);
  });

  it('a change during a decision that wrote nothing is decided again', () => {
    const own = createOwnWrites(() => 0);
    own.begin(KEY);
    own.hold(KEY, '11');
    expect(own.settle(KEY, { stale: [] }, 0)).toBe(true);
  });
});
