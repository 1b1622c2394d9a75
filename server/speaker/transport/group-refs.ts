// Refcounts solicited-node groups: two IPv6 addresses with the same low 24 bits share one group.
import { err, ok, type Result } from '../../../lib/result';
import { solicitedNodeAddress } from '../../../lib/packet';
import { transportError, type TransportError } from './types';

export class GroupRefs {
  private readonly counts = new Map<string, number>();

  /** Returns the group to join when this is its first user, null when already joined. */
  acquire(ip: string): Result<string | null, TransportError> {
    const group = solicitedNodeAddress(ip);
    if (!group.ok) return err(transportError('EINVAL', group.error));
    const n = this.counts.get(group.value) ?? 0;
    this.counts.set(group.value, n + 1);
    return ok(n === 0 ? group.value : null);
  }

  /** Returns the group to leave when its last user left, null otherwise. */
  release(ip: string): Result<string | null, TransportError> {
    const group = solicitedNodeAddress(ip);
    if (!group.ok) return err(transportError('EINVAL', group.error));
    const n = this.counts.get(group.value) ?? 0;
    if (n <= 1) this.counts.delete(group.value);
    else this.counts.set(group.value, n - 1);
    return ok(n === 1 ? group.value : null);
  }

  groups(): string[] {
    return [...this.counts.keys()];
  }
}
