import { CardsSkeleton } from '@/components/ui/feedback';

export default function Loading() {
  return <CardsSkeleton />;
}
