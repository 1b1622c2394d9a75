// Finds the app's route handlers and pages on disk, so routes added later are covered without
// editing the tests: URL pattern, exported methods, and the role each withAuth() asks for.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveAppDir } from './app';

export type Need = 'read' | 'write' | 'admin' | 'custom';
export type Segment = { kind: 'static'; value: string } | { kind: 'param'; name: string } | { kind: 'catchAll'; name: string };
export type RouteFile = { file: string; pattern: string; segments: Segment[]; methods: Map<string, Need> };

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
export const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function walk(dir: string, name: string, out: string[]): void {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    // Next's private folders (_lib) are not routes.
    if (statSync(full).isDirectory()) {
      if (!entry.startsWith('_')) walk(full, name, out);
    } else if (entry === name) out.push(full);
  }
}

function toSegments(relDir: string): Segment[] {
  return relDir
    .split(path.sep)
    .filter((s) => s && !(s.startsWith('(') && s.endsWith(')'))) // route groups add no segment
    .map((s): Segment => {
      const catchAll = /^\[\[?\.\.\.(\w+)\]?\]$/.exec(s);
      if (catchAll) return { kind: 'catchAll', name: catchAll[1] };
      const param = /^\[(\w+)\]$/.exec(s);
      return param ? { kind: 'param', name: param[1] } : { kind: 'static', value: s };
    });
}

function readMethods(source: string): Map<string, Need> {
  const methods = new Map<string, Need>();
  for (const m of source.matchAll(/export\s+const\s+([A-Z]+)\s*=\s*withAuth\(\s*'(read|write|admin)'/g)) {
    if (METHODS.includes(m[1])) methods.set(m[1], m[2] as Need);
  }
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\s*\(|export\s+const\s+([A-Z]+)\s*=/g)) {
    const method = m[1] ?? m[2];
    if (METHODS.includes(method) && !methods.has(method)) methods.set(method, 'custom');
  }
  return methods;
}

function discover(under: string, fileName: string): RouteFile[] {
  const appDir = path.join(resolveAppDir(), 'app');
  const files: string[] = [];
  walk(path.join(appDir, under), fileName, files);
  return files.sort().map((file) => {
    const segments = toSegments(path.relative(appDir, path.dirname(file)));
    const pattern = '/' + segments.map((s) => (s.kind === 'static' ? s.value : s.kind === 'param' ? `[${s.name}]` : `[...${s.name}]`)).join('/');
    return { file: path.relative(resolveAppDir(), file), pattern, segments, methods: readMethods(readFileSync(file, 'utf8')) };
  });
}

/** Every route handler under app/<under> (default: app/api). */
export function discoverRoutes(under = 'api'): RouteFile[] {
  return discover(under, 'route.ts');
}

/** Every page (app/**\/page.tsx), as URL patterns. */
export function discoverPages(): RouteFile[] {
  return discover('', 'page.tsx');
}

/** The URL of a route with its dynamic segments filled in (values are URL-encoded unless raw). */
export function fillPath(route: RouteFile, values: (name: string) => string, raw = false): string {
  return (
    '/' +
    route.segments
      .map((s) => (s.kind === 'static' ? s.value : raw ? values(s.name) : encodeURIComponent(values(s.name))))
      .join('/')
  );
}
