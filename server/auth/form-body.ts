// A bounded application/x-www-form-urlencoded body (the sign-in form posted without JavaScript).
export async function readFormBody(request: Request, maxBytes: number): Promise<{ ok: true; value: URLSearchParams } | { ok: false }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes || !request.body) return declared > maxBytes ? { ok: false } : { ok: true, value: new URLSearchParams() };
  const reader = request.body.getReader();
  let text = '';
  let total = 0;
  const decoder = new TextDecoder();
  for (;;) {
    const chunk = await reader.read().catch(() => undefined);
    if (!chunk) return { ok: false }; // the client went away mid-body
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { ok: true, value: new URLSearchParams(text + decoder.decode()) };
}
