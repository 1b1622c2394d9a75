// Service detail: IPs, pool, announcer, candidate ranking, events, ServiceL2Status.
import type { Metadata } from 'next';
import { ServiceDetailView } from '@/components/services/service-detail';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';

type Props = { params: Promise<{ namespace: string; name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `${namespace}/${name} · ironlb` };
}

export default async function ServicePage({ params }: Props) {
  const { namespace, name } = await params;
  return (
    <Prefetched queries={[prefetch('services.get', { namespace, name })]}>
      <ServiceDetailView namespace={namespace} name={name} />
    </Prefetched>
  );
}
