'use client';
// Users could not be read: the message and a retry, as every page says it.
import { RouteError } from '@/components/ui/route-states';

export default function UsersError({ error, reset }: { error: Error; reset: () => void }) {
  return <RouteError error={error} retry={reset} what="users" />;
}
