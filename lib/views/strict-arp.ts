// kube-proxy strictARP (docs/semantics.md "strictARP"): read `config.conf` of kube-system/kube-proxy and, for
// the one-click fix, flip `strictARP: false` to true the way the MetalLB docs' sed line does.
import { parseDocument } from 'yaml';
import { err, ok, type Result } from '../result';

export type StrictArpStatus =
  | { state: 'missing' }
  | { state: 'unreadable'; detail: string }
  | { state: 'notIpvs'; mode: string; strictARP: boolean }
  | { state: 'ok'; mode: 'ipvs' }
  | { state: 'needsFix'; mode: 'ipvs' };

export const KUBE_PROXY_KEY = 'config.conf';

export function checkStrictArp(configText: string | undefined): StrictArpStatus {
  if (configText === undefined) return { state: 'missing' };
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) return { state: 'unreadable', detail: doc.errors[0].message };
  const mode = String(doc.get('mode') ?? '') || 'iptables';
  const strict = doc.getIn(['ipvs', 'strictARP']) === true;
  if (mode !== 'ipvs') return { state: 'notIpvs', mode, strictARP: strict };
  return strict ? { state: 'ok', mode: 'ipvs' } : { state: 'needsFix', mode: 'ipvs' };
}

/** Sets ipvs.strictARP to true; a literal `strictARP: false` is flipped in place so nothing else moves. */
export function fixStrictArp(configText: string): Result<string, string> {
  if (/^(\s*)strictARP:\s*false\s*$/m.test(configText)) {
    return ok(configText.replace(/^(\s*)strictARP:\s*false(\s*)$/m, '$1strictARP: true$2'));
  }
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) return err(`config.conf is not valid YAML: ${doc.errors[0].message}`);
  doc.setIn(['ipvs', 'strictARP'], true);
  return ok(doc.toString());
}
