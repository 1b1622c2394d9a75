'use client';
// Every write through one hook: pending state, a toast with the server's answer, and the
// affected queries refreshed (the stream usually got there first).
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useToast } from '@/components/ui/toast';
import { ApiError, describeError } from './api';

export function useWrite<TVars, TResult>(opts: {
  run: (vars: TVars) => Promise<TResult>;
  success: (result: TResult, vars: TVars) => string;
  failure?: string;
  invalidate?: QueryKey[];
  onSuccess?: (result: TResult, vars: TVars) => void;
  onError?: (e: ApiError | Error, vars: TVars) => void;
}) {
  const qc = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: opts.run,
    onSuccess: (result, vars) => {
      toast({ tone: 'success', title: opts.success(result, vars) });
      for (const key of opts.invalidate ?? []) void qc.invalidateQueries({ queryKey: key });
      opts.onSuccess?.(result, vars);
    },
    onError: (e: Error, vars) => {
      toast({ tone: 'error', title: opts.failure ?? 'The server refused the change', message: describeError(e) });
      opts.onError?.(e, vars);
    },
  });
}
