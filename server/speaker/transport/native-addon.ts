// Finds and loads native/build/Release/ironlb_packet.node; every way it can be missing becomes a
// TransportError that says what to do, never a crash.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from '../../../lib/result';
import { transportError, type TransportError } from './types';

export interface NativePacketSocket {
  readonly mac: string;
  readonly ifindex: number;
  send(frame: Uint8Array): void;
  close(): void;
}

export interface PacketAddon {
  /** Asks EEVDF (Linux >= 6.12) for a short slice on the calling thread; throws an errno Error. */
  requestShortSlice(sliceNs: number): void;
  PacketSocket: new (
    ifname: string,
    onFrame: (frame: Uint8Array) => void,
    onError: (error: Error & { code?: string }) => void,
  ) => NativePacketSocket;
}

const ADDON_RELATIVE = join('native', 'build', 'Release', 'ironlb_packet.node');

/** IRONLB_NATIVE_ADDON first, then native/ in this file's ancestors (source or bundle), then cwd. */
export function listAddonCandidates(env: Record<string, string | undefined> = process.env): string[] {
  const out: string[] = env.IRONLB_NATIVE_ADDON ? [env.IRONLB_NATIVE_ADDON] : [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    out.push(join(dir, ADDON_RELATIVE));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  out.push(join(process.cwd(), ADDON_RELATIVE));
  return [...new Set(out)];
}

let cached: Result<PacketAddon, TransportError> | undefined;

/** Loads the first existing candidate (uncached; loadPacketAddon is the cached entry point). */
export function loadAddonFrom(candidates: string[], platform: string = process.platform): Result<PacketAddon, TransportError> {
  if (platform !== 'linux') {
    return err(transportError('ENOTSUP', `the AF_PACKET transport needs Linux; this is ${platform}`));
  }
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    return err(
      transportError(
        'ENOADDON',
        `native addon ironlb_packet.node is not built (looked in ${candidates.join(', ')}); ` +
          'build it with `node scripts/build-native.mjs` (needs g++, make, python3 and Node headers) or set IRONLB_NATIVE_ADDON',
      ),
    );
  }
  try {
    return ok(createRequire(import.meta.url)(found) as PacketAddon);
  } catch (e) {
    return err(transportError('EADDONLOAD', `cannot load ${found}: ${(e as Error).message}; rebuild with \`node scripts/build-native.mjs\``));
  }
}

export function loadPacketAddon(): Result<PacketAddon, TransportError> {
  cached ??= loadAddonFrom(listAddonCandidates());
  return cached;
}
