'use client';
// The preview of a draft object, asked of POST /api/v1/preview once typing pauses, and the Save
// button's words from it. Only an answer for the draft as it is now counts.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ConfigPreview } from '@/lib/views';
import { previewQuery } from '@/components/data/queries';

/** Long enough to skip most keystrokes, short enough to feel immediate. */
const PAUSE_MS = 400;

function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export interface DraftPreview {
  /** The latest answer (possibly for an earlier draft while `current` is false). */
  preview?: ConfigPreview;
  /** Why the server would refuse the draft, or could not compute. */
  error?: Error;
  /** The answer describes the draft as it is now. */
  current: boolean;
  /** No valid draft to preview (the form has errors). */
  idle: boolean;
}

export function useDraftPreview(draft: object | null, op: 'apply' | 'delete' = 'apply'): DraftPreview {
  const json = draft ? JSON.stringify(draft) : null;
  const settled = useSettled(json, PAUSE_MS);
  const q = useQuery({ ...previewQuery(op, settled), placeholderData: keepPreviousData });
  const current = json !== null && settled === json && !q.isPlaceholderData && !q.isFetching;
  return { preview: q.data, error: q.error ?? undefined, current, idle: json === null };
}

/** "Save pool: 2 services move to another node", "Save pool (nothing moves)", or a plain label while unknown. */
export function describeSave(base: string, p: DraftPreview): string {
  if (p.idle || p.error) return base;
  if (!p.current || !p.preview) return `${base} (checking what moves…)`;
  const parts = p.preview.summary.parts;
  return parts.length ? `${base}: ${parts.slice(0, 2).join(', ')}${parts.length > 2 ? ', …' : ''}` : `${base} (nothing moves)`;
}
