// The speakers' heartbeat key: on start the controller creates Secret `ironlb-speaker-key` in
// the system namespace when it is missing (as MetalLB's controller creates its memberlist
// Secret), with 32 random bytes. It never reads, replaces or rotates an existing one.
import { randomBytes } from 'node:crypto';
import { SPEAKER_KEY_BYTES, SPEAKER_KEY_FIELD, SPEAKER_KEY_SECRET } from '../../lib/reconcile/speaker-key';
import {
  backoffDelay,
  createObject,
  DEFAULT_BACKOFF,
  describeError,
  isAlreadyExists,
  RESOURCES,
  silentLogger,
  sleep,
  type KubeApi,
  type Logger,
} from '../kube';

export interface SpeakerKeyOptions {
  kube: KubeApi;
  namespace: string;
  logger?: Logger;
}

/** One attempt: `created`, or `exists` when some earlier start (or a user) made it. */
export async function createSpeakerKey(opts: SpeakerKeyOptions): Promise<'created' | 'exists'> {
  try {
    await createObject(opts.kube, RESOURCES.secrets, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: SPEAKER_KEY_SECRET,
        namespace: opts.namespace,
        labels: { 'app.kubernetes.io/name': 'ironlb', 'app.kubernetes.io/component': 'speaker' },
      },
      type: 'Opaque',
      data: { [SPEAKER_KEY_FIELD]: randomBytes(SPEAKER_KEY_BYTES).toString('base64') },
    });
    return 'created';
  } catch (e) {
    if (isAlreadyExists(e)) return 'exists';
    throw e;
  }
}

/** Retries createSpeakerKey with backoff until it succeeds or the signal aborts. */
export async function ensureSpeakerKey(opts: SpeakerKeyOptions & { signal: AbortSignal }): Promise<void> {
  const logger = opts.logger ?? silentLogger;
  for (let attempt = 0; !opts.signal.aborted; attempt++) {
    try {
      const outcome = await createSpeakerKey(opts);
      logger.info({ op: 'controller.speakerKey', key: `${opts.namespace}/${SPEAKER_KEY_SECRET}`, reason: outcome }, 'speaker heartbeat key in place');
      return;
    } catch (e) {
      logger.warn(
        { op: 'controller.speakerKey', key: `${opts.namespace}/${SPEAKER_KEY_SECRET}`, err: describeError(e) },
        'cannot create the speakers\' heartbeat key Secret; retrying',
      );
      await sleep(backoffDelay(DEFAULT_BACKOFF, attempt), opts.signal);
    }
  }
}
