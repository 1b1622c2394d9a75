// zod issues -> the `issues` of the wire error shape: [{ path: "addresses.0", message }], the
// same dotted paths server/auth's parseOr422 uses and react-hook-form's setError accepts.
import type { z } from 'zod';

export interface Issue {
  path: string;
  message: string;
}

export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function firstMessage(issues: readonly Issue[]): string {
  const i = issues[0];
  if (!i) return 'invalid input';
  return i.path ? `${i.path}: ${i.message}` : i.message;
}
