import { describe, expect, it } from 'vitest';
import { decideMode, type LoadBalancerDetection, type ModeSetting } from './cluster-mode';

const metallb = { namespace: 'metallb-system', evidence: 'Deployment metallb-system/controller' };
const ironlb = { namespace: 'metallb-system', evidence: 'Deployment metallb-system/ironlb-controller' };
const found = (m: boolean, i: boolean): LoadBalancerDetection => ({ metallb: m ? metallb : null, ironlb: i ? ironlb : null, problems: [] });

describe('decideMode: a dashboard never becomes a second controller', () => {
  const cases: { desc: string; setting: ModeSetting; cluster?: boolean; d: LoadBalancerDetection; mode: string; runs: boolean; error?: RegExp; warning?: RegExp }[] = [
    { desc: 'no cluster configured: embedded', setting: 'auto', cluster: false, d: found(false, false), mode: 'embedded', runs: true },
    { desc: 'ironlb installed: UI + API only', setting: 'auto', d: found(false, true), mode: 'cluster', runs: false },
    { desc: 'MetalLB runs: MetalLB mode, no controller, in its namespace', setting: 'auto', d: found(true, false), mode: 'metallb', runs: false },
    { desc: 'nothing runs: cluster mode with a warning, still no controller', setting: 'auto', d: found(false, false), mode: 'cluster', runs: false, warning: /No load-balancer controller/ },
    { desc: 'both run: an error naming both', setting: 'auto', d: found(true, true), mode: 'cluster', runs: false, error: /MetalLB .* and ironlb's controller .* both run/ },
    { desc: 'standalone asked for, nothing else runs: the dashboard runs the controller', setting: 'standalone', d: found(false, false), mode: 'standalone', runs: true },
    { desc: 'standalone next to MetalLB: refused', setting: 'standalone', d: found(true, false), mode: 'standalone', runs: false, error: /IRONLB_MODE=standalone, but MetalLB runs/ },
    { desc: 'cluster forced next to MetalLB: refused', setting: 'cluster', d: found(true, false), mode: 'cluster', runs: false, error: /IRONLB_MODE=cluster, but MetalLB runs/ },
    { desc: 'metallb forced without MetalLB: refused', setting: 'metallb', d: found(false, false), mode: 'metallb', runs: false, error: /IRONLB_MODE=metallb, but no MetalLB was found/ },
    { desc: 'metallb forced with MetalLB: fine', setting: 'metallb', d: found(true, false), mode: 'metallb', runs: false },
    { desc: 'embedded forced with a kubeconfig: embedded', setting: 'embedded', d: found(true, true), mode: 'embedded', runs: true },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const got = decideMode(c.setting, c.cluster ?? true, c.d);
      expect({ mode: got.mode, runs: got.runsController }).toEqual({ mode: c.mode, runs: c.runs });
      if (c.error) expect(got.error).toMatch(c.error);
      else expect(got.error).toBeUndefined();
      if (c.warning) expect(got.warning).toMatch(c.warning);
    });
  }

  it("MetalLB mode reads MetalLB's own namespace", () => {
    const d = { ...found(true, false), metallb: { namespace: 'lb', evidence: 'x' } };
    expect(decideMode('auto', true, d).systemNamespace).toBe('lb');
  });

  it('names the checks it could not make when MetalLB is forced but not found', () => {
    const d = { ...found(false, false), problems: ['cannot list deployments: forbidden'] };
    expect(decideMode('metallb', true, d).error).toMatch(/cannot list deployments: forbidden/);
  });
});
