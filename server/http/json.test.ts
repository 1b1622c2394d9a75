import { describe, expect, it } from 'vitest';
import { readJsonBody } from './json';

function post(body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return new Request('http://x/api', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

async function answer(request: Request, max = 100) {
  const result = await readJsonBody(request, max);
  if (result.ok) return { ok: true, value: result.value };
  return { ok: false, status: result.response.status, body: (await result.response.json()) as { code: string; message: string } };
}

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });
}

describe('readJsonBody', () => {
  it('returns the parsed JSON', async () => {
    expect(await answer(post('{"name":"pool-a"}'))).toEqual({ ok: true, value: { name: 'pool-a' } });
  });

  it.each([
    { why: 'merge-patch JSON is JSON', type: 'application/merge-patch+json', ok: true },
    { why: 'charset parameter is fine', type: 'application/json; charset=utf-8', ok: true },
    { why: 'text/plain is refused (a cross-site form could send it)', type: 'text/plain', ok: false },
    { why: 'form encoding is refused', type: 'application/x-www-form-urlencoded', ok: false },
    { why: 'a charset other than UTF-8 is refused (the body would be misread)', type: 'application/json; charset=utf-16', ok: false },
    { why: 'no content type is refused', type: '', ok: false },
  ])('content type: $why', async ({ type, ok }) => {
    const result = await answer(post('{}', { 'content-type': type }));
    expect(result.ok).toBe(ok);
    if (!ok) expect(result).toMatchObject({ status: 415, body: { code: 'UnsupportedMediaType' } });
  });

  it.each([
    { why: 'declared too large', request: () => post('{}', { 'content-type': 'application/json', 'content-length': '101' }), status: 413 },
    { why: 'streamed too large without a length', request: () => post(streamOf(['{"a":"', 'x'.repeat(200), '"}'])), status: 413 },
    { why: 'empty', request: () => post(''), status: 400 },
    { why: 'not JSON', request: () => post('{"a":'), status: 400 },
    { why: 'not UTF-8', request: () => post(new Uint8Array([0x7b, 0xff, 0x7d])), status: 400 },
    { why: 'nested deeper than 64', request: () => post('['.repeat(70) + ']'.repeat(70)), status: 400, max: 1000 },
    { why: 'a __proto__ key', request: () => post('{"metadata":{"__proto__":{"admin":true}}}'), status: 400 },
  ])('rejects a body that is $why with $status and a message', async ({ request, status, max }) => {
    const result = await answer(request(), max ?? 100);
    expect(result).toMatchObject({ ok: false, status });
    expect((result as { body: { message: string } }).body.message.length).toBeGreaterThan(10);
  });

  it('says how large a body may be', async () => {
    const result = await answer(post('{}', { 'content-type': 'application/json', 'content-length': '5000' }), 4096);
    expect((result as { body: { message: string } }).body.message).toContain('4096 bytes');
  });
});
