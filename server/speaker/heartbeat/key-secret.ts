// Feeds a key ring from Secret `<system namespace>/ironlb-speaker-key` (created by the
// controller): one watch on that single Secret. A deleted Secret keeps the keys we have (the
// speakers keep hearing each other); a new key is added and signs from then on.
import { readSpeakerKey, SPEAKER_KEY_SECRET } from '../../../lib/reconcile/speaker-key';
import { createInformer, RESOURCES, silentLogger, type KubeApi, type KubeObject, type Logger } from '../../kube';
import type { KeyRing } from './key-ring';

export interface SpeakerKeySource {
  /** Runs the watch until the signal aborts. */
  start(signal: AbortSignal): Promise<void>;
  /** Resolves true once the ring has a key; false if the signal aborts first. */
  waitForKey(signal: AbortSignal): Promise<boolean>;
  /** Why there is no usable key, for the health report; null when there is one. */
  problem(): string | null;
}

export function followSpeakerKey(ring: KeyRing, opts: { kube: KubeApi; namespace: string; logger?: Logger }): SpeakerKeySource {
  const logger = opts.logger ?? silentLogger;
  const ref = `${opts.namespace}/${SPEAKER_KEY_SECRET}`;
  let problem: string | null = `waiting for Secret ${ref} (the ironlb controller creates it on its first start)`;
  const read = (secret: KubeObject) => {
    const parsed = readSpeakerKey((secret as KubeObject & { data?: Record<string, string> }).data);
    if (!parsed.ok) {
      problem = parsed.problem;
      logger.warn({ op: 'speaker.key', key: ref, err: parsed.problem }, 'unusable heartbeat key');
      return;
    }
    problem = null;
    ring.add(parsed.key);
  };
  const informer = createInformer<KubeObject>({
    kube: opts.kube,
    resource: RESOURCES.secrets,
    namespace: opts.namespace,
    fieldSelector: `metadata.name=${SPEAKER_KEY_SECRET}`,
    logger,
    onEvent: (e) => {
      if (e.type !== 'deleted') read(e.object);
      else logger.warn({ op: 'speaker.key', key: ref }, 'heartbeat key Secret deleted; keeping the keys already read');
    },
  });
  return {
    start: (signal) => informer.start(signal),
    async waitForKey(signal) {
      if (ring.hasKey()) return true;
      return new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => {
          off();
          signal.removeEventListener('abort', onAbort);
          resolve(ok);
        };
        const onAbort = () => done(false);
        const off = ring.subscribe(() => done(true));
        if (signal.aborted) return done(false);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    problem: () => (ring.hasKey() ? null : problem),
  };
}
