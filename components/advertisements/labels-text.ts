// "key=value, key2=value2" <-> a LabelSelector's matchLabels, for the simple selector inputs.
import type { LabelSelector } from '@/lib/schemas';

export function parseMatchLabels(text: string): LabelSelector[] {
  const pairs = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (pairs.length === 0) return [];
  const matchLabels: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    matchLabels[key] = eq < 0 ? '' : pair.slice(eq + 1).trim();
  }
  return [{ matchLabels }];
}

export function formatMatchLabels(selectors: LabelSelector[]): string {
  const first = selectors[0]?.matchLabels ?? {};
  return Object.entries(first)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

export const splitList = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
