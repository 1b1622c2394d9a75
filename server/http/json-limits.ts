// Shape limits for parsed JSON that schemas do not catch: nesting depth and the "__proto__" key.

export const MAX_JSON_DEPTH = 64;
// "__proto__" is the key that turns a careless Object.assign into prototype pollution.
const FORBIDDEN_KEYS = new Set(['__proto__']);

/** Why a parsed JSON value is refused, or undefined. Iterative: deep input cannot blow the stack. */
export function inspectJson(root: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `request body is nested deeper than ${MAX_JSON_DEPTH} levels`;
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `request body may not contain the key "${key}"`;
      stack.push({ value: item, depth: depth + 1 });
    }
  }
  return undefined;
}
