import { TableSkeleton } from '@/components/ui/feedback';

export default function Loading() {
  return <TableSkeleton label="Loading the node's history" />;
}
