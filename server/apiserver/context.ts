// Everything a request handler may use: storage, registry, watch hub, allocator, clock and randomness.
import type pino from 'pino';
import type { Registry } from './registry';
import type { WriteContext } from './strategy';
import type { WatchHub } from './watch';

export interface ApiContext extends WriteContext {
  registry: Registry;
  hub: WatchHub;
  logger: pino.Logger;
  now(): number;
  random(): number;
  uid(): string;
}

/** A write's answer: HTTP code and the object in the requested API version, already serialised. */
export interface WriteResult {
  code: number;
  json: string;
}

export interface WriteOptions {
  dryRun: boolean;
  subresource?: 'status';
}
