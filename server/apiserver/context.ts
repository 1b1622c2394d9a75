// Everything a request handler may use: storage, registry, watch hub, allocator, clock and randomness.
import type pino from 'pino';
import type { AuditSink } from './audit';
import type { Registry } from './registry';
import type { WriteContext } from './strategy';
import type { WatchHub } from './watch';

export interface ApiContext extends WriteContext {
  /** Records writes made by audited identities (audit.ts); absent in tests that do not care. */
  audit?: AuditSink;
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
