'use client';
// What a pending change would do, before it is saved: services changing IP or going pending,
// IPs changing announcer (from -> to), pools losing their L2Advertisement. Computed by the
// server with the controller's allocator and the speakers' election.
import type { ConfigPreview } from '@/lib/views';
import { ScrollTable } from '@/components/ui/scroll-table';
import type { DraftPreview } from './use-draft-preview';

const ips = (list: readonly string[]) => (list.length ? list.join(', ') : null);

function IPChanges({ rows }: { rows: ConfigPreview['ipChanges'] }) {
  return (
    <ScrollTable heads={['Service', 'IP now', 'IP after', 'Pool after']} testId="preview-ips" maxHeight="md">
      {rows.map((c) => (
        <tr key={c.service} data-testid="preview-ip" data-service={c.service} data-after={c.after.join(',')} className="border-t border-zinc-100 align-top dark:border-zinc-800">
          <td className="py-1 pr-3">{c.service}</td>
          <td className="py-1 pr-3 font-mono text-xs">{ips(c.before) ?? '—'}</td>
          <td className="py-1 pr-3 font-mono text-xs">{ips(c.after) ?? <span className="font-sans text-amber-700 dark:text-amber-400">▲ pending{c.reason ? `: ${c.reason}` : ''}</span>}</td>
          <td className="py-1">{c.poolAfter ?? '—'}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

function AnnouncerMoves({ rows }: { rows: ConfigPreview['announcerMoves'] }) {
  return (
    <ScrollTable heads={['Service', 'IP', 'From', 'To']} testId="preview-moves" maxHeight="md">
      {rows.map((m) => (
        <tr key={m.service} data-testid="preview-move" data-service={m.service} data-from={m.from ?? ''} data-to={m.to ?? ''} className="border-t border-zinc-100 align-top dark:border-zinc-800">
          <td className="py-1 pr-3">{m.service}</td>
          <td className="py-1 pr-3 font-mono text-xs">{m.ip}</td>
          <td className="py-1 pr-3">{m.from ?? '—'}</td>
          <td className="py-1">{m.to ?? <span className="text-red-700 dark:text-red-400">✖ nobody{m.reason ? `: ${m.reason}` : ''}</span>}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

export function PreviewBody({ preview }: { preview: ConfigPreview }) {
  const warnings = [
    ...preview.poolsLosingAdvertisement.map((p) => `Pool ${p} loses its L2Advertisement: its services keep their IPs but no node answers ARP/NDP for them.`),
    ...preview.newPoolsWithoutAdvertisement.map((p) => `No L2Advertisement selects pool ${p}: its IPs would be handed out but never announced.`),
    ...preview.warnings,
  ];
  return (
    <div className="space-y-3">
      <p className="text-sm font-medium" data-testid="preview-summary">
        {preview.summary.parts.length ? `${preview.summary.text[0].toUpperCase()}${preview.summary.text.slice(1)}.` : `Nothing moves: no service changes IP or node (${preview.servicesConsidered} considered).`}
      </p>
      {warnings.map((w) => (
        <p key={w} role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="preview-warning">
          ▲ {w}
        </p>
      ))}
      {preview.ipChanges.length > 0 && (
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">IP changes</h3>
          <IPChanges rows={preview.ipChanges} />
        </div>
      )}
      {preview.announcerMoves.length > 0 && (
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">Announcer changes</h3>
          <AnnouncerMoves rows={preview.announcerMoves} />
        </div>
      )}
    </div>
  );
}

/** The preview card beside a form: the answer for the draft as typed, or why there is none. */
export function ChangePreview({ state, title = 'What saving will do' }: { state: DraftPreview; title?: string }) {
  const status = state.idle ? 'idle' : state.error ? 'error' : state.current ? 'ready' : 'computing';
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-4 xl:sticky xl:top-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="preview" data-status={status} aria-busy={status === 'computing'}>
      <h2 className="mb-2 text-sm font-semibold text-zinc-700 dark:text-zinc-200">{title}</h2>
      {status === 'idle' && <p className="text-sm text-zinc-500">Fix the form first: the preview needs a valid object.</p>}
      {status === 'error' && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="preview-error">
          {state.error?.message}
        </p>
      )}
      {status !== 'idle' && !state.error && !state.preview && <p className="text-sm text-zinc-500">Working out what moves…</p>}
      {status !== 'idle' && !state.error && state.preview && (
        <div className={status === 'computing' ? 'opacity-60' : undefined}>
          <PreviewBody preview={state.preview} />
        </div>
      )}
    </section>
  );
}
