'use client';
// Starts the live stream once per tab and shares its status (for the top bar's dot).
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { startStream, type StreamStatus } from './stream-client';

const StreamStatusContext = createContext<StreamStatus>('connecting');

export function StreamProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>('connecting');
  useEffect(() => startStream(qc, setStatus), [qc]);
  return <StreamStatusContext.Provider value={status}>{children}</StreamStatusContext.Provider>;
}

export const useStreamStatus = (): StreamStatus => useContext(StreamStatusContext);
