// The container image for tests: built once per source state by scripts/build-image.sh (tagged
// with a hash of every file the build reads, so an unchanged tree reuses it), and podman run the
// way this machine kind needs (runc, cgroupfs, no default ulimits).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO } from './support';

export const CONTAINERS_CONF = join(REPO, '.cache/image/containers.conf');
const PODMAN = ['--runtime', '/usr/bin/runc', '--cgroup-manager', 'cgroupfs'];

/** Runs podman; its stdout (with `stderr`, followed by its stderr: `podman logs` puts a container's stderr there). */
export function podman(args: string[], opts: { allowFailure?: boolean; stderr?: boolean } = {}): string {
  const r = spawnSync('podman', [...PODMAN, ...args], { encoding: 'utf8', env: { ...process.env, CONTAINERS_CONF }, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 && !opts.allowFailure) throw new Error(`podman ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return opts.stderr ? r.stdout + r.stderr : r.stdout;
}

/** A hash of what the image is built from: every tracked file but the tests and docs. */
function sourceHash(): string {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !f.startsWith('test/') && !f.endsWith('.md'))
    .sort();
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f);
    try {
      h.update(readFileSync(join(REPO, f)));
    } catch {
      // deleted in the working tree
    }
  }
  return h.digest('hex').slice(0, 12);
}

/** The image of the current sources, built if it does not exist yet. */
export function ensureImage(): string {
  const tag = `localhost/ironlb:src-${sourceHash()}`;
  mkdirSync(dirname(CONTAINERS_CONF), { recursive: true });
  writeFileSync(CONTAINERS_CONF, '[containers]\ndefault_ulimits = []\n');
  if (spawnSync('podman', [...PODMAN, 'image', 'exists', tag], { env: { ...process.env, CONTAINERS_CONF } }).status === 0) return tag;
  execFileSync('flock', ['/tmp/ironlb-image.lock', join(REPO, 'scripts/build-image.sh'), tag], { cwd: REPO, stdio: 'inherit' });
  return tag;
}
