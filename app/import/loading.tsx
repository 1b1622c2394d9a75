import { TableSkeleton } from '@/components/ui/feedback';

export default function Loading() {
  return <TableSkeleton />;
}
