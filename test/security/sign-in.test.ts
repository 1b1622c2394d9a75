// Brute force against sign-in is throttled: per user (even the right password is refused while
// locked) and per client address (spraying many user names), with Retry-After and a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';
import { TEST_ADMIN } from '../support/auth';

let app: RunningApp;

beforeAll(async () => {
  app = await startApp();
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

async function login(username: string, password: string) {
  const response = await fetch(`${app.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.baseUrl },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { message?: string };
  return { status: response.status, message: body.message ?? '', retryAfter: response.headers.get('retry-after'), cookie: response.headers.get('set-cookie') };
}

describe('sign-in brute force', () => {
  it('answers a wrong password and an unknown user with the same words', async () => {
    const wrong = await login(TEST_ADMIN.user, 'not-the-password');
    const unknown = await login('nobody-here', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.message).toBe(unknown.message);
  });

  it('locks a user after repeated failures, even against the right password, and says for how long', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(TEST_ADMIN.user, `guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]); // 6 failures in all with the test above
    const right = await login(TEST_ADMIN.user, TEST_ADMIN.password);
    expect(right.status).toBe(429);
    expect(right.cookie).toBeNull();
    expect(Number(right.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(right.message).toMatch(/too many failed sign-ins for this user from this address; try again in \d+ s/);
  });

  it('slows down one address that tries many user names', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await login(`spray-${i}`, 'password')).status);
    expect(statuses.slice(0, 14).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const next = await login('someone-else', 'password');
    expect(next.status).toBe(429);
    expect(next.message).toMatch(/from this address/);
  });

  it('refuses a malformed sign-in without counting it as a guess', async () => {
    const response = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.baseUrl },
      body: JSON.stringify({ username: 'x'.repeat(500), password: 1 }),
    });
    expect(response.status).toBe(422);
  });
});
