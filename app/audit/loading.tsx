import { TableSkeleton } from '@/components/ui/feedback';

// Skeleton while the audit log loads: the shape of the table.
export default function AuditLoading() {
  return <TableSkeleton label="Loading the audit log" />;
}
