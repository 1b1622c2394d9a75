'use client';
// Search box and filters above the Services table; counts per state double as quick filters.
import { useEffect, useRef, useState } from 'react';
import { STATES, type ServiceQuery, type ServiceState } from '@/lib/views';
import { Select, TextInput } from '@/components/ui/field';
import { SERVICE_LOOK } from '@/components/ui/state-badge';

export function ServiceFilters({
  query,
  update,
  namespaces,
  pools,
  nodes,
}: {
  query: ServiceQuery;
  update: (patch: Partial<ServiceQuery>) => void;
  namespaces: string[];
  pools: string[];
  nodes: string[];
}) {
  const [text, setText] = useState(query.q);
  // What this box last wrote to the URL: only a change from elsewhere (Clear filters, back
  // button) may overwrite what the user is typing.
  const pushed = useRef(query.q);
  useEffect(() => {
    if (query.q !== pushed.current) {
      pushed.current = query.q;
      setText(query.q);
    }
  }, [query.q]);
  useEffect(() => {
    if (text === pushed.current) return;
    const t = setTimeout(() => {
      pushed.current = text;
      update({ q: text });
    }, 150);
    return () => clearTimeout(t);
  }, [text, update]);
  return (
    <div role="search" className="mb-3 flex flex-wrap items-end gap-3">
      <label className="text-xs text-zinc-500">
        Search
        <TextInput
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="name, IP, node, reason…"
          aria-label="Search services"
          className="mt-0.5 w-64"
        />
      </label>
      <label className="text-xs text-zinc-500">
        Namespace
        <Select aria-label="Namespace" value={query.namespace} onChange={(e) => update({ namespace: e.target.value })} className="mt-0.5 block">
          <option value="">all</option>
          {namespaces.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </Select>
      </label>
      <label className="text-xs text-zinc-500">
        State
        <Select aria-label="State" value={query.state} onChange={(e) => update({ state: e.target.value as ServiceState | '' })} className="mt-0.5 block">
          <option value="">all</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {SERVICE_LOOK[s].word}
            </option>
          ))}
        </Select>
      </label>
      <label className="text-xs text-zinc-500">
        Pool
        <Select aria-label="Pool" value={query.pool} onChange={(e) => update({ pool: e.target.value })} className="mt-0.5 block">
          <option value="">all</option>
          {pools.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </Select>
      </label>
      <label className="text-xs text-zinc-500">
        Node
        <Select aria-label="Node" value={query.node} onChange={(e) => update({ node: e.target.value })} className="mt-0.5 block">
          <option value="">all</option>
          {nodes.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </Select>
      </label>
    </div>
  );
}
