// Import a legacy MetalLB ConfigMap.
import type { Metadata } from 'next';
import { ImportView } from '@/components/import/import-view';
import { PageHeader } from '@/components/ui/layout';
import { canPrincipal, requirePagePrincipal } from '@/server/auth/page';

export const metadata: Metadata = { title: 'Import · ironlb' };

export default async function ImportPage() {
  const canWrite = canPrincipal(await requirePagePrincipal(), 'write');
  return (
    <>
      <PageHeader
        title="Import a MetalLB ConfigMap"
        description="MetalLB up to v0.12 was configured by the ConfigMap metallb-system/config. Paste it to get the equivalent IPAddressPools and L2Advertisements (the same conversion as npx ironlb convert)."
      />
      <ImportView canWrite={canWrite} />
    </>
  );
}
