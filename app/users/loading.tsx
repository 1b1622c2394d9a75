import { TableSkeleton } from '@/components/ui/feedback';

// Skeleton while the users page loads.
export default function UsersLoading() {
  return <TableSkeleton label="Loading users" />;
}
