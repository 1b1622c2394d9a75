// Legacy pool names -> Kubernetes object names (DNS-1123 labels), per docs/semantics.md "Resources and validation".
import { err, ok, type Result } from '../result';

const MAX_LABEL = 63;

/** lowercase, `_` (and any other non [a-z0-9-]) to `-`, strip leading non-letters, <= 63 chars. */
export function toDnsLabel(name: string): Result<string, string> {
  let out = name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  out = out.replace(/^[^a-z]+/, '');
  out = out.slice(0, MAX_LABEL).replace(/[^a-z0-9]+$/, '');
  if (out === '') return err(`pool name "${name}" has no letters to build a Kubernetes name from`);
  return ok(out);
}
