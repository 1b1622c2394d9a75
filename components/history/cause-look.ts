// How each failover cause looks everywhere (docs/ui.md: never colour alone): an icon, the words, and
// a colour for the chart's points and the badge.
import { CAUSE_WORDS, type FailoverCause, type HistoryKind } from '@/lib/history';

export interface CauseLook {
  icon: string;
  word: string;
  /** Canvas colour (the chart). */
  color: string;
  /** Text classes (the badge). */
  cls: string;
}

export const FIRST_LOOK: CauseLook = { icon: '○', word: 'first announcer', color: '#71717a', cls: 'text-zinc-600 dark:text-zinc-400' };

export const CAUSE_LOOK: Record<FailoverCause, CauseLook> = {
  nodeGone: { icon: '✖', word: CAUSE_WORDS.nodeGone, color: '#dc2626', cls: 'text-red-700 dark:text-red-400' },
  gracefulHandover: { icon: '●', word: CAUSE_WORDS.gracefulHandover, color: '#059669', cls: 'text-emerald-700 dark:text-emerald-400' },
  excluded: { icon: '▲', word: CAUSE_WORDS.excluded, color: '#d97706', cls: 'text-amber-700 dark:text-amber-400' },
  selectorOrPolicy: { icon: '◆', word: CAUSE_WORDS.selectorOrPolicy, color: '#7c3aed', cls: 'text-violet-700 dark:text-violet-400' },
  endpointsMoved: { icon: '➜', word: CAUSE_WORDS.endpointsMoved, color: '#0284c7', cls: 'text-sky-700 dark:text-sky-400' },
  speakerRestart: { icon: '↻', word: CAUSE_WORDS.speakerRestart, color: '#0d9488', cls: 'text-teal-700 dark:text-teal-400' },
  unknown: { icon: '?', word: CAUSE_WORDS.unknown, color: '#52525b', cls: 'text-zinc-700 dark:text-zinc-300' },
};

export const lookOf = (cause: FailoverCause | null): CauseLook => (cause ? CAUSE_LOOK[cause] : FIRST_LOOK);

export const KIND_WORDS: Record<HistoryKind, string> = {
  ipAssigned: 'IP assigned',
  ipReleased: 'IP released',
  announcerChanged: 'announcer changed',
  pending: 'pending',
  conflict: 'conflict',
  poolChanged: 'pool changed',
};
