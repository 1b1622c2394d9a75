'use client';
// "Verify now": asks the announcing node and one other to resolve the service's IPs on the LAN,
// and shows who answered against who should, with the LAN client's last view.
import { useMutation } from '@tanstack/react-query';
import type { VerifyReport } from '@/lib/history';
import { apiPaths } from '@/lib/views';
import { requestJson } from '@/components/data/api';
import { Button } from '@/components/ui/button';
import { ErrorBox } from '@/components/ui/feedback';
import { Badge } from '@/components/ui/state-badge';
import { Clock } from '@/components/ui/time';

const VERDICT = {
  match: { look: { icon: '●', word: 'answers as it should', cls: 'text-emerald-700 dark:text-emerald-400' } },
  mismatch: { look: { icon: '✖', word: 'someone else answers', cls: 'text-red-700 dark:text-red-400' } },
  noAnswer: { look: { icon: '▲', word: 'nobody answers', cls: 'text-amber-700 dark:text-amber-400' } },
  notAnnounced: { look: { icon: '▲', word: 'not announced: nobody should answer', cls: 'text-amber-700 dark:text-amber-400' } },
} as const;

function Report({ r }: { r: VerifyReport }) {
  return (
    <div className="space-y-2 text-sm" data-testid="verify-report" data-verdict={r.verdict}>
      <p>
        <Badge look={VERDICT[r.verdict].look} /> · should answer: <b>{r.expected.node ?? 'nobody'}</b>
        {r.expected.mac && <span className="font-mono text-xs"> ({r.expected.mac})</span>} · checked <Clock iso={r.at} />
      </p>
      <table className="w-full text-left">
        <thead className="text-xs uppercase text-zinc-500">
          <tr>
            <th className="py-1 pr-3">Asked from</th>
            <th className="py-1 pr-3">IP</th>
            <th className="py-1">Answered by</th>
          </tr>
        </thead>
        <tbody>
          {r.probes.map((p, i) => (
            <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="verify-probe" data-from={p.from}>
              <td className="py-1 pr-3">{p.from}</td>
              <td className="py-1 pr-3 font-mono text-xs">{p.ip}</td>
              <td className="py-1">
                {p.answers.length === 0
                  ? 'no answer'
                  : p.answers.map((a) => `${a.node ?? 'unknown host'} (${a.mac}, ${a.afterMs} ms)`).join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.lanClient.map((c) => (
        <p key={c.ip} className="text-xs text-zinc-500">
          The LAN client last resolved {c.ip} to {c.node ?? 'an unknown host'} ({c.mac}, from {c.learnedFrom}) at <Clock iso={c.at} />.
        </p>
      ))}
    </div>
  );
}

export function VerifyPanel({ namespace, name }: { namespace: string; name: string }) {
  const verify = useMutation({ mutationFn: () => requestJson<VerifyReport>('POST', apiPaths.verify(namespace, name)) });
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        Asks the announcing node and one other to resolve the IP on the LAN (ARP / NDP), and compares who answers with who should.
      </p>
      <Button onClick={() => verify.mutate()} pending={verify.isPending}>
        {verify.isPending ? 'Verifying…' : 'Verify now'}
      </Button>
      {verify.error && <ErrorBox title="Could not verify" message={verify.error.message} />}
      {verify.data && <Report r={verify.data} />}
    </div>
  );
}
