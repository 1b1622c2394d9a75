// The speakers' shared heartbeat key: the Secret the controller creates on its first start (as
// MetalLB's controller creates its memberlist Secret) and every speaker reads. Pure: names and
// the check of the Secret's data; the speaker hashes and signs (server/speaker/heartbeat).

/** Secret `<system namespace>/ironlb-speaker-key`, data field `key`: at least 32 random bytes. */
export const SPEAKER_KEY_SECRET = 'ironlb-speaker-key';
export const SPEAKER_KEY_FIELD = 'key';
export const SPEAKER_KEY_BYTES = 32;
/** A shorter key is refused: HMAC-SHA256 wants at least its 32-byte output length. */
export const MIN_SPEAKER_KEY_BYTES = 32;

export type SpeakerKeyRead = { ok: true; key: Uint8Array } | { ok: false; problem: string };

/** The key bytes from a Secret's `data` (base64), or why they cannot be used. */
export function readSpeakerKey(data: Readonly<Record<string, string>> | undefined): SpeakerKeyRead {
  const text = data?.[SPEAKER_KEY_FIELD];
  if (!text) return { ok: false, problem: `Secret ${SPEAKER_KEY_SECRET} has no data.${SPEAKER_KEY_FIELD}` };
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
  } catch {
    return { ok: false, problem: `data.${SPEAKER_KEY_FIELD} of Secret ${SPEAKER_KEY_SECRET} is not base64` };
  }
  if (bytes.length < MIN_SPEAKER_KEY_BYTES)
    return { ok: false, problem: `the key in Secret ${SPEAKER_KEY_SECRET} has ${bytes.length} bytes; at least ${MIN_SPEAKER_KEY_BYTES} are needed` };
  return { ok: true, key: bytes };
}
