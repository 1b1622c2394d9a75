// One instance per server process. Next may evaluate a module more than once (route bundles,
// instrumentation), so module-level state would be duplicated; these live on globalThis instead.
export function processGlobal<T>(name: string, make: () => T): T {
  const key = Symbol.for(`ironlb.${name}`);
  const g = globalThis as typeof globalThis & Record<symbol, T | undefined>;
  return (g[key] ??= make());
}
