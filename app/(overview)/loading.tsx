// The overview's loading state. In a route group so it wraps only the overview: a loading
// boundary at the root would wrap every page, and the Services page renders its first rows
// into the first bytes of HTML (a streamed boundary is revealed 300 ms after the first paint).
import { CardsSkeleton } from '@/components/ui/feedback';

export default function Loading() {
  return <CardsSkeleton />;
}
