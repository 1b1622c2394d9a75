'use client';
import { RouteError } from '@/components/ui/route-states';

export default function SegmentError({ error, retry, reset }: { error: unknown; retry?: () => void; reset?: () => void }) {
  return <RouteError error={error} retry={retry ?? reset} what="this node's history" />;
}
