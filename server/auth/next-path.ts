// The "come back here after signing in" path: only a path on this site, never another origin.

export function toSafeNextPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters (header splitting) and backslashes (browsers read them as slashes).
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\\]/.test(value)) return '/';
  return value.slice(0, 2000);
}
