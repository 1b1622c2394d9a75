// A failover cause as the user reads it: icon, words and colour together (docs/ui.md).
import type { FailoverCause } from '@/lib/history';
import { cx } from '@/components/ui/cx';
import { lookOf } from './cause-look';

export function CauseBadge({ cause }: { cause: FailoverCause | null }) {
  const look = lookOf(cause);
  return (
    <span data-testid="cause" data-cause={cause ?? 'first'} className={cx('inline-flex items-baseline gap-1 whitespace-nowrap font-medium', look.cls)}>
      <span aria-hidden>{look.icon}</span>
      {look.word}
    </span>
  );
}
