// The one vocabulary of states (docs/ui.md): an icon, a word and a colour, never colour alone.
import type { ServiceState, SpeakerState } from '@/lib/views';
import { cx } from './cx';

type Look = { icon: string; word: string; cls: string };

const GREEN = 'text-emerald-700 dark:text-emerald-400';
const AMBER = 'text-amber-700 dark:text-amber-400';
const RED = 'text-red-700 dark:text-red-400';

export const SERVICE_LOOK: Record<ServiceState, Look> = {
  announced: { icon: '●', word: 'announced', cls: GREEN },
  pending: { icon: '▲', word: 'pending', cls: AMBER },
  notAnnounced: { icon: '▲', word: 'not announced', cls: AMBER },
  conflict: { icon: '✖', word: 'conflict', cls: RED },
};

export const SPEAKER_LOOK: Record<SpeakerState, Look> = {
  live: { icon: '●', word: 'live', cls: GREEN },
  stale: { icon: '◐', word: 'stale', cls: AMBER },
  down: { icon: '✖', word: 'down', cls: RED },
};

/**
 * `inline`: the same words as plain inline text, without the flex box, for the rows of a big
 * table, where each row's boxes are laid out again on every frame of a fast scroll.
 */
export function Badge({ look, detail, className, inline }: { look: Look; detail?: string; className?: string; inline?: boolean }) {
  if (inline) {
    return (
      <>
        <span aria-hidden className={look.cls}>{look.icon}</span> <span className={cx('font-medium', look.cls)}>{look.word}</span>
        {detail && <span className="text-zinc-600 dark:text-zinc-400">: {detail}</span>}
      </>
    );
  }
  return (
    <span className={cx('inline-flex items-baseline gap-1 whitespace-nowrap', look.cls, className)}>
      <span aria-hidden>{look.icon}</span>
      <span className="font-medium">{look.word}</span>
      {detail && <span className="truncate font-normal text-zinc-600 dark:text-zinc-400">: {detail}</span>}
    </span>
  );
}

export function ServiceStateBadge({ state, reason, withReason = true, inline }: { state: ServiceState; reason?: string; withReason?: boolean; inline?: boolean }) {
  return <Badge look={SERVICE_LOOK[state]} detail={withReason && state !== 'announced' ? reason : undefined} inline={inline} />;
}

export function SpeakerBadge({ state, detail }: { state: SpeakerState; detail?: string }) {
  return <Badge look={SPEAKER_LOOK[state]} detail={detail} />;
}

export function Chip({ children, tone = 'neutral', title }: { children: React.ReactNode; tone?: 'neutral' | 'warn' | 'bad' | 'good'; title?: string }) {
  const tones = {
    neutral: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
    warn: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
    bad: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
    good: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  };
  return (
    <span title={title} className={cx('inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium', tones[tone])}>
      {children}
    </span>
  );
}
