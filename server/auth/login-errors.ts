// The codes /login?error= may carry after a plain form sign-in, and the words the page shows for each.
// Anything else in the URL is ignored: the page never prints text a link supplied.
export const LOGIN_ERRORS = {
  failed: 'wrong user name or password',
  throttled: 'too many failed sign-ins; wait a while and try again',
  invalid: 'user name and password are required',
  'too-large': 'the sign-in form was too large',
} as const;

export type LoginErrorCode = keyof typeof LOGIN_ERRORS;

export function loginErrorMessage(code: unknown): string | undefined {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(LOGIN_ERRORS, code) ? LOGIN_ERRORS[code as LoginErrorCode] : undefined;
}

/** The code for a sign-in answer's HTTP status. */
export function loginErrorCode(status: number | undefined): LoginErrorCode {
  if (status === 429) return 'throttled';
  if (status === 400 || status === 422) return 'invalid';
  if (status === undefined) return 'too-large';
  return 'failed';
}
