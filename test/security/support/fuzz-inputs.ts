// fast-check generators of bad input: path segments, query strings and bodies that a browser,
// a script or an attacker could send. Built to be invalid, never accidentally a good write.
import fc from 'fast-check';

export type FuzzBody = { bytes: string | Uint8Array | undefined; contentType: string | undefined; label: string };

const NASTY = [
  '..', '.', '../../etc/passwd', '<img src=x onerror=alert(1)>', "' OR 1=1 --", '${jndi:ldap://x}', '\u0000', '🙂', 'ＡＢＣ',
  'null', 'undefined', '__proto__', 'constructor', '-1', '1e309', 'NaN', 'true', '[]', '{}', ' ', 'a b', 'UPPER', 'a'.repeat(300),
];

/** One path segment or query value: random text, unicode, long, and classic attack strings. */
export const junkText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ minLength: 254, maxLength: 2000 }) },
);

/** A segment as it goes on the wire: usually encoded, sometimes broken percent-encoding. */
export const junkSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: junkText.filter((s) => s.length > 0).map((s) => encodeURIComponent(s)) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%2e%2e', '%252F', '%00', '%ff%fe', ';', '~', '*') },
);

const QUERY_KEYS = ['confirm', 'limit', 'before', 'actor', 'action', 'resource', 'all', 'namespace', 'state', 'pool', 'q', 'next', 'watch', 'labelSelector', 'fieldSelector', 'continue', 'resourceVersion', 'dryRun', 'fieldManager', 'timeoutSeconds', 'propagationPolicy'];

/** A query string ("" or "?a=b&..."): known parameter names with bad values, and junk names. */
export const junkQuery: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), junkText), junkText), { maxLength: 5 })
  .map((pairs) => {
    // Never ask for a watch: a stream that stays open is not an answer to a bad query.
    const safe = pairs.filter(([k, v]) => !(k === 'watch' && /^(t|true|1|y|yes)$/i.test(v.trim())));
    return safe.length ? `?${safe.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
  });

/** A value of a different JSON type than the one given: always wrong for a typed schema field. */
export function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [];
  if (typeof value !== 'number') options.push(fc.oneof(fc.integer(), fc.double()));
  if (typeof value !== 'boolean') options.push(fc.boolean());
  if (typeof value !== 'string') options.push(junkText);
  if (value !== null) options.push(fc.constant(null));
  if (!Array.isArray(value)) options.push(fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) options.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));
  return fc.oneof(...options);
}

/** A known-good body with one top-level field turned into the wrong type. */
export function brokenSample(sample: unknown): fc.Arbitrary<unknown> {
  if (sample === null || typeof sample !== 'object' || Array.isArray(sample) || Object.keys(sample).length === 0) {
    return fc.constant(42);
  }
  const keys = Object.keys(sample);
  return fc.constantFrom(...keys).chain((key) =>
    wrongTypeFor((sample as Record<string, unknown>)[key]).map((bad) => ({ ...(sample as object), [key]: bad })),
  );
}

const JSON_TYPE = 'application/json';
const asJson = (label: string) => (value: unknown): FuzzBody => ({ bytes: JSON.stringify(value) ?? 'null', contentType: JSON_TYPE, label });

/** Bodies: random JSON, broken samples, not-JSON text and bytes, deep nesting, wrong types, huge. */
export function junkBody(sample: unknown): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(asJson('random JSON')) },
    { weight: 4, arbitrary: brokenSample(sample).map(asJson('sample with a wrong-typed field')) },
    { weight: 2, arbitrary: fc.string({ maxLength: 200 }).filter((s) => !isJson(s)).map((s) => ({ bytes: s, contentType: JSON_TYPE, label: 'not JSON' })) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => ({ bytes: b, contentType: JSON_TYPE, label: 'random bytes' })) },
    { weight: 1, arbitrary: fc.integer({ min: 65, max: 20_000 }).map((n) => ({ bytes: '['.repeat(n) + ']'.repeat(n), contentType: JSON_TYPE, label: `nested ${n} deep` })) },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '', 'application/json; charset=utf-16').map((t) => ({ bytes: JSON.stringify(sample), contentType: t || undefined, label: `content-type "${t}"` })) },
    { weight: 1, arbitrary: fc.constantFrom(70_000, 300_000, 1_100_000).map((n) => ({ bytes: JSON.stringify({ name: 'x'.repeat(n) }), contentType: JSON_TYPE, label: `${n} bytes` })) },
    { weight: 1, arbitrary: fc.constant<FuzzBody>({ bytes: undefined, contentType: undefined, label: 'no body' }) },
    { weight: 1, arbitrary: fc.constant<FuzzBody>({ bytes: '{"metadata":{"__proto__":{"polluted":true}}}', contentType: JSON_TYPE, label: '__proto__' }) },
  );
}

export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Runs jobs with at most `limit` in flight. */
export async function runPool<T>(items: T[], limit: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await job(items[next++]);
  });
  await Promise.all(workers);
}
