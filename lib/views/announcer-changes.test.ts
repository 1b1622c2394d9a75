import { describe, expect, it } from 'vitest';
import { AnnouncerChanges } from './announcer-changes';
import { row } from './test-fixtures';

const at = (node: string | null) => row('shop', 'api', { node, state: node ? 'announced' : 'notAnnounced' });

describe('announcer changes per service', () => {
  it('starts at 0 on the first announcer and counts each move to another node', () => {
    const c = new AnnouncerChanges();
    c.observe({ upserts: [row('shop', 'web')], deletes: [] });
    expect(c.counts().has('shop/web')).toBe(false);
    c.observe({ upserts: [at('node01')], deletes: [] });
    expect(c.counts().get('shop/api')).toBe(0);
    c.observe({ upserts: [at('node02')], deletes: [] });
    c.observe({ upserts: [at('node01')], deletes: [] });
    expect(c.counts().get('shop/api')).toBe(2);
  });

  it('a gap with nobody announcing is not a change; coming back elsewhere is one', () => {
    const c = new AnnouncerChanges();
    for (const node of ['node01', null, 'node01', null, 'node03']) c.observe({ upserts: [at(node)], deletes: [] });
    expect(c.counts().get('shop/api')).toBe(1);
  });

  it('forgets a deleted service, so a new one of the same name starts again at 0', () => {
    const c = new AnnouncerChanges();
    c.observe({ upserts: [at('node01')], deletes: [] });
    c.observe({ upserts: [at('node02')], deletes: [] });
    c.observe({ upserts: [], deletes: [at(null).uid] });
    expect(c.counts().has('shop/api')).toBe(false);
    c.observe({ upserts: [at('node02')], deletes: [] });
    expect(c.counts().get('shop/api')).toBe(0);
  });
});
