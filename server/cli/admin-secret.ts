// The first admin's password, kept in a Secret the install ships empty (deploy/base/dashboard/dashboard.yaml):
// the dashboard uses the `password` key when someone set it, else fills it with a random one
// on first start, so `kubectl get secret` is where an admin finds it (as Argo CD's initial
// admin secret). Only get and update on that one Secret are needed.
import { randomBytes } from 'node:crypto';
import { describeError, getObject, replaceObject, RESOURCES, type Kube, type KubeObject } from '../kube';

type SecretObject = KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };

export type AdminSecretResult =
  | { ok: true; password: string; filled: boolean }
  | { ok: false; error: string };

export const readPasswordCommand = (namespace: string, name: string) =>
  `kubectl -n ${namespace} get secret ${name} -o jsonpath='{.data.password}' | base64 -d`;

export async function ensureAdminSecret(kube: Kube, namespace: string, name: string): Promise<AdminSecretResult> {
  try {
    const secret = await getObject<SecretObject>(kube, RESOURCES.secrets, { namespace, name });
    if (!secret) return { ok: false, error: `Secret ${namespace}/${name} does not exist (kubectl apply -k deploy/ creates it)` };
    const existing = secret.data?.password ? Buffer.from(secret.data.password, 'base64').toString('utf8') : '';
    if (existing) return { ok: true, password: existing, filled: false };
    const password = randomBytes(18).toString('base64url');
    await replaceObject(kube, RESOURCES.secrets, { ...secret, data: { ...secret.data, password: Buffer.from(password).toString('base64') } });
    return { ok: true, password, filled: true };
  } catch (e) {
    return { ok: false, error: `cannot read or fill Secret ${namespace}/${name}: ${describeError(e)}` };
  }
}
