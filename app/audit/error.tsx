'use client';
// The audit log could not be read: the message and a retry, as every page says it.
import { RouteError } from '@/components/ui/route-states';

export default function AuditError({ error, reset }: { error: Error; reset: () => void }) {
  return <RouteError error={error} retry={reset} what="the audit log" />;
}
