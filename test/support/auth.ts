// Signing in from tests that drive the built app over HTTP: start the app with
// IRONLB_ADMIN_PASSWORD=TEST_ADMIN.password, then signIn() for a Cookie header. Changes made
// with a cookie must carry the app's Origin (sameOriginHeaders does both).

export const TEST_ADMIN = { user: 'admin', password: 'ironlb-test-admin-password' } as const;

/** Signs in and returns the Cookie header value ("ironlb_session=..."); throws with the server's message. */
export async function signIn(baseUrl: string, user: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(baseUrl).origin },
    body: JSON.stringify({ username: user, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${user} failed: HTTP ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0];
  if (!pair.includes('=')) throw new Error(`sign-in as ${user} set no cookie`);
  return pair;
}

/** Headers for a change from the dashboard itself: cookie, same Origin, JSON. */
export function sameOriginHeaders(baseUrl: string, cookie: string): Record<string, string> {
  return { cookie, origin: new URL(baseUrl).origin, 'content-type': 'application/json' };
}

/** Creates an account through the API as an admin and returns its Cookie header. */
export async function createAndSignIn(
  baseUrl: string,
  adminCookie: string,
  name: string,
  role: 'admin' | 'viewer',
  password = `${name}-password-123`,
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/users`, {
    method: 'POST',
    headers: sameOriginHeaders(baseUrl, adminCookie),
    body: JSON.stringify({ name, role, password }),
  });
  if (response.status !== 201) throw new Error(`creating ${name} failed: HTTP ${response.status} ${await response.text()}`);
  return signIn(baseUrl, name, password);
}
