'use client';
// Who held an IP, from when until when: "held by A until 12:00, then B since 12:05".
import Link from 'next/link';
import { groupHoldingsByIP, toHoldings, type HistoryEntry } from '@/lib/history';
import { pagePaths } from '@/lib/views';
import { Clock } from '@/components/ui/time';

function ServiceName({ service }: { service: string }) {
  const [namespace, name] = service.split('/');
  return (
    <Link href={pagePaths.service(namespace, name)} className="font-medium hover:underline">
      {service}
    </Link>
  );
}

export function IPHoldings({ entries, empty }: { entries: HistoryEntry[]; empty: string }) {
  const byIP = groupHoldingsByIP(toHoldings(entries));
  if (byIP.size === 0) return <p className="text-sm text-zinc-500">{empty}</p>;
  return (
    <ul className="space-y-1 text-sm" data-testid="ip-holdings">
      {[...byIP].map(([ip, spans]) => (
        <li key={ip} data-testid="ip-holding" data-ip={ip}>
          <span className="mr-2 font-mono text-xs">{ip}</span>
          {spans.map((h, i) => (
            <span key={i}>
              {i > 0 && ', then '}
              held by <ServiceName service={h.service} />
              {h.from && (
                <>
                  {' '}from <Clock iso={h.from} />
                </>
              )}
              {h.until ? (
                <>
                  {' '}until <Clock iso={h.until} />
                </>
              ) : (
                ' (now)'
              )}
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}
