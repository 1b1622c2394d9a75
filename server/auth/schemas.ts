// Input schemas of the auth routes (sign-in, users, tokens, own password) and the 422 they map to.
import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords';
import { jsonError } from '../http/json';

const userName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-" (1-64), starting with a letter or digit');
const password = z.string().min(PASSWORD_MIN, `at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX);
const role = z.enum(['admin', 'viewer']);

export const signInSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(PASSWORD_MAX) }).strict();
export const createUserSchema = z.object({ name: userName, role, password: password.optional() }).strict();
export const updateUserSchema = z
  .object({ role: role.optional(), resetPassword: z.literal(true).optional(), password: password.optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.resetPassword || v.password !== undefined, 'nothing to change: give role, password or resetPassword');
export const createTokenSchema = z
  .object({ name: z.string().trim().min(1).max(100), expiresInDays: z.number().int().min(1).max(3650).optional() })
  .strict();
export const changeOwnPasswordSchema = z.object({ current: z.string().min(1).max(PASSWORD_MAX), password }).strict();

/** Parse a body with a schema, or answer 422 with the issues by field. */
export function parseOr422<T>(schema: z.ZodType<T>, value: unknown): { ok: true; value: T } | { ok: false; response: Response } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return { ok: false, response: jsonError(422, 'Invalid', `invalid input: ${summary}`, issues) };
}
