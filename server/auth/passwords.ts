// Password hashing (argon2id) and the password and user-name rules. Plain passwords never leave
// this module's callers' stack: nothing here logs or stores them.
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

// OWASP Password Storage Cheat Sheet, argon2id option 1: m=19 MiB, t=2, p=1.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024; // bounds argon2's input so a huge body cannot burn CPU
const USER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/;

export type Role = 'admin' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'viewer'];

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

/** False for a wrong password or a malformed hash; never throws on bad input. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A random password for first start and `user add` without one: 144 bits, URL-safe. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Why a password is not acceptable, or undefined when it is. */
export function checkPassword(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'password must be a string';
  if (password.length < PASSWORD_MIN) return `password must have at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `password must have at most ${PASSWORD_MAX} characters`;
  return undefined;
}

/** Why a user name is not acceptable, or undefined when it is. */
export function checkUserName(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'user name is required';
  if (!USER_NAME.test(name)) {
    return 'user name must be 1-64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit';
  }
  return undefined;
}

export function isRole(value: unknown): value is Role {
  return value === 'admin' || value === 'viewer';
}
