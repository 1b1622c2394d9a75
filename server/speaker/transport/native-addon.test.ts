// Every way the native addon can be missing yields an error that says what to do.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAddonCandidates, loadAddonFrom } from './native-addon';

describe('finding the native addon', () => {
  it('tries IRONLB_NATIVE_ADDON first, then native/ above this module, then the working directory', () => {
    const candidates = listAddonCandidates({ IRONLB_NATIVE_ADDON: '/opt/ironlb/ironlb_packet.node' });
    expect(candidates[0]).toBe('/opt/ironlb/ironlb_packet.node');
    expect(candidates).toContain(new URL('../../../native/build/Release/ironlb_packet.node', import.meta.url).pathname);
    expect(candidates).toContain(join(process.cwd(), 'native/build/Release/ironlb_packet.node'));
  });

  it.each([
    ['not Linux', [], 'darwin', 'ENOTSUP', /needs Linux; this is darwin/],
    ['not built', ['/nonexistent/ironlb_packet.node'], 'linux', 'ENOADDON', /not built \(looked in \/nonexistent\/ironlb_packet.node\); build it with `node scripts\/build-native.mjs`/],
  ])('names what is missing when %s', (_name, candidates, platform, code, message) => {
    const r = loadAddonFrom(candidates, platform);
    expect(r.ok ? 'loaded' : r.error.code).toBe(code);
    expect(r.ok ? '' : r.error.message).toMatch(message);
  });

  it('says a broken addon cannot load instead of throwing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ironlb-addon-'));
    const file = join(dir, 'ironlb_packet.node');
    await writeFile(file, 'not an ELF file');
    const r = loadAddonFrom([file], 'linux');
    await rm(dir, { recursive: true });
    expect(r.ok ? 'loaded' : r.error.code).toBe('EADDONLOAD');
  });
});
