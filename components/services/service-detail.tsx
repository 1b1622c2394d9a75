'use client';
// One Service: its IPs and pool, who announces it and since when, the candidate ranking for
// its IP with the reason each other node loses, its events and its ServiceL2Status objects, and
// its history (failover timeline, IP history, verify now).
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { CandidateRow, ServiceDetail } from '@/lib/views';
import { serviceQuery } from '@/components/data/queries';
import { EventList } from '@/components/events/event-list';
import { cx } from '@/components/ui/cx';
import { EmptyState, ErrorBox, TableSkeleton } from '@/components/ui/feedback';
import { Card, KeyValues, PageHeader } from '@/components/ui/layout';
import { Badge, Chip, ServiceStateBadge, SPEAKER_LOOK } from '@/components/ui/state-badge';
import { Clock } from '@/components/ui/time';
import { ServiceHistory } from '@/components/history/service-history';

function AnnouncerLine({ d }: { d: ServiceDetail }) {
  const s = d.service;
  if (s.state === 'announced' && s.node) {
    return (
      <p data-testid="announcer" className="text-sm">
        announced by <Link href={`/nodes#${s.node}`} className="font-semibold hover:underline">{s.node}</Link>
        {s.interfaces.length > 0 && <> on {s.interfaces.join(', ')}</>}
        {s.since && (
          <>
            {' '}since <Clock iso={s.since} />
          </>
        )}
      </p>
    );
  }
  return (
    <p data-testid="announcer" className="text-sm">
      <ServiceStateBadge state={s.state} reason={s.reason} />
    </p>
  );
}

const STATUS_TONE: Record<CandidateRow['status'], 'good' | 'neutral' | 'warn'> = { announcing: 'good', standby: 'neutral', ineligible: 'warn' };

function Ranking({ rows, ip }: { rows: CandidateRow[]; ip: string }) {
  return (
    <table className="w-full text-left text-sm" data-testid="candidate-ranking">
      <caption className="mb-2 text-left text-xs text-zinc-500">
        Every node computes the same order for {ip}: preferred-node weight, then sha256(node#ip). Rank 1 announces.
      </caption>
      <thead className="text-xs uppercase text-zinc-500">
        <tr>
          <th className="py-1 pr-3">Rank</th>
          <th className="py-1 pr-3">Node</th>
          <th className="py-1 pr-3">Status</th>
          <th className="py-1 pr-3">Reason</th>
          <th className="py-1">Weight</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.node} className={cx('border-t border-zinc-100 dark:border-zinc-800', r.status === 'announcing' && 'font-medium')} data-testid="candidate-row" data-node={r.node} data-status={r.status}>
            <td className="py-1 pr-3 tabular-nums">{r.rank ?? '—'}</td>
            <td className="py-1 pr-3">{r.node}</td>
            <td className="py-1 pr-3">
              <Chip tone={STATUS_TONE[r.status]}>{r.status}</Chip>
            </td>
            <td className="py-1 pr-3 text-zinc-600 dark:text-zinc-300">{r.reason}</td>
            <td className="py-1 tabular-nums">{r.weight}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ServiceDetailView({ namespace, name }: { namespace: string; name: string }) {
  const { data, error, isPending, refetch } = useQuery(serviceQuery(namespace, name));
  if (isPending) return <TableSkeleton label="Loading service" />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  const s = data.service;
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${s.namespace}/${s.name}`}
        description={<ServiceStateBadge state={s.state} reason={s.reason} />}
        actions={<Link href="/services" className="text-sm text-sky-700 hover:underline dark:text-sky-400">← All services</Link>}
      />
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <Card title="Address">
          <KeyValues
            items={[
              ['External IP', <span key="ip" className="font-mono" data-testid="detail-ip">{s.ips.join(', ') || '— (pending)'}</span>],
              ['Pool', s.pool ? <Link key="p" href={`/pools/${encodeURIComponent(s.pool)}`} className="hover:underline">{s.pool}</Link> : '—'],
              ['Ports', s.ports.join(', ') || '—'],
              ['Traffic policy', s.trafficPolicy],
              ['Sharing key', s.sharingKey ?? '—'],
              ['Created', <Clock key="c" iso={s.created} />],
            ]}
          />
        </Card>
        <Card title="Announcer">
          <AnnouncerLine d={data} />
          <h3 className="mt-4 text-xs font-semibold uppercase text-zinc-500">Serving endpoints</h3>
          <p className="text-sm">
            {data.endpoints.length === 0
              ? 'none'
              : data.endpoints.map((e, i) => (
                  <span key={i} className="mr-2">
                    {e.node || '(no node)'}
                    {!e.ready && ' (not ready)'}
                  </span>
                ))}
          </p>
        </Card>
      </div>
      <Card title="Candidate ranking">
        {data.candidates && s.ips[0] ? <Ranking rows={data.candidates} ip={s.ips[0]} /> : <p className="text-sm text-zinc-500">No IP yet: nothing to rank.</p>}
      </Card>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <Card title="Events">
          {data.events.length ? <EventList events={data.events} /> : <p className="text-sm text-zinc-500">No events for this service.</p>}
        </Card>
        <Card title="ServiceL2Status">
          {data.l2Statuses.length === 0 ? (
            <EmptyState title="No ServiceL2Status">The announcing speaker writes one; none means no node announces this service.</EmptyState>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="l2status">
              {data.l2Statuses.map((st) => (
                <li key={st.name}>
                  <span className="font-mono text-xs">{st.name}</span>: node <b>{st.node}</b>
                  {st.interfaces.length > 0 && <>, interfaces {st.interfaces.join(', ')}</>}, created <Clock iso={st.created} />
                  {st.speaker !== 'live' && (
                    <span data-testid="l2status-left-behind">
                      {' '}
                      <Badge look={SPEAKER_LOOK[st.speaker]} detail={st.speaker === 'down' ? 'its speaker is gone and cannot delete it' : 'its speaker has not renewed its Lease'} inline />
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <ServiceHistory namespace={s.namespace} name={s.name} ips={s.ips} />
    </div>
  );
}
