// Per-IP wire counters (MetalLB's metallb_layer2_* names map onto these) and silence reasons.
import type { SilenceReason } from './respond';

export interface IpCounters {
  ip: string;
  /** metallb_layer2_requests_received */
  requestsReceived: number;
  /** metallb_layer2_responses_sent */
  responsesSent: number;
  /** metallb_layer2_gratuitous_sent (frames: an IPv4 burst counts request and reply) */
  gratuitousSent: number;
  lastGratuitousAt: number | null;
  errors: number;
  lastError: string | null;
}

export class CounterBook {
  private readonly byIp = new Map<string, IpCounters>();
  readonly silences: Partial<Record<SilenceReason | 'undecodable', number>> = {};

  of(ip: string): IpCounters {
    let c = this.byIp.get(ip);
    if (!c) {
      c = { ip, requestsReceived: 0, responsesSent: 0, gratuitousSent: 0, lastGratuitousAt: null, errors: 0, lastError: null };
      this.byIp.set(ip, c);
    }
    return c;
  }

  noteSilence(reason: SilenceReason | 'undecodable'): void {
    this.silences[reason] = (this.silences[reason] ?? 0) + 1;
  }

  noteError(ip: string, message: string): void {
    const c = this.of(ip);
    c.errors++;
    c.lastError = message;
  }

  list(): IpCounters[] {
    return [...this.byIp.values()].map((c) => ({ ...c }));
  }
}
