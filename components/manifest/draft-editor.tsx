'use client';
// Form and YAML tabs over one draft object: the YAML tab shows the object as kubectl would (the
// stored object with the edits), checks edits as you type with the same schemas (errors at their
// line), and hands them back to the form when you switch; either tab saves the same values.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { useWatch, type FieldValues, type UseFormReturn } from 'react-hook-form';
import { checkDraftYaml, draftToYaml, type DraftContext, type DraftKind } from '@/lib/manifest/draft-yaml';
import type { LineIssue } from '@/lib/manifest/yaml-source';
import { DEFAULT_SYSTEM_NAMESPACE } from '@/lib/schemas';
import { clusterQuery } from '@/components/data/queries';
import { cx } from '@/components/ui/cx';
import { YamlEditor } from './yaml-editor';

export function useSystemNamespace(): string {
  const { data } = useQuery(clusterQuery());
  return data?.systemNamespace ?? DEFAULT_SYSTEM_NAMESPACE;
}

export type DraftTab = 'form' | 'yaml';

export interface DraftEditor<F> {
  tab: DraftTab;
  yaml: string;
  issues: LineIssue[];
  /** Set when leaving the YAML tab was refused. */
  blocked: boolean;
  show(tab: DraftTab): void;
  setYaml(text: string): void;
  /** The object a preview should be computed for, or null while the draft is invalid. */
  draftObject: object | null;
  /** The YAML tab's values, checked (issues shown and null when they fail). */
  yamlValues(): F | null;
}

export function useDraftEditor<F extends FieldValues, R extends object>(opts: {
  form: UseFormReturn<F>;
  draft: DraftKind<F, R>;
  stored?: R;
  fixedName?: string;
  extra?: DraftContext<F>['extra'];
  /** Called with the values the YAML tab hands to the form. */
  onLoad?: (values: F) => void;
}): DraftEditor<F> {
  const { form, draft, stored, fixedName, extra, onLoad } = opts;
  const namespace = useSystemNamespace();
  const [tab, setTab] = useState<DraftTab>('form');
  const [yaml, setYamlText] = useState('');
  const [issues, setIssues] = useState<LineIssue[]>([]);
  const [blocked, setBlocked] = useState(false);
  const values = useWatch({ control: form.control }) as F;
  const ctx: DraftContext<F> = { namespace, fixedName, extra };
  const check = (text: string) => checkDraftYaml(text, draft, ctx);

  const fromForm = useMemo(() => {
    const parsed = draft.formSchema.safeParse(values);
    if (!parsed.success || (extra?.(parsed.data).length ?? 0) > 0) return null;
    return draft.toResource(parsed.data, namespace);
  }, [values, draft, namespace, extra]);
  const fromYaml = useMemo(() => {
    if (tab !== 'yaml') return null;
    const r = checkDraftYaml(yaml, draft, { namespace, fixedName, extra });
    return r.ok ? r.resource : null;
  }, [tab, yaml, draft, namespace, fixedName, extra]);

  const show = (next: DraftTab) => {
    if (next === tab) return;
    if (next === 'yaml') {
      setYamlText(draftToYaml(draft, form.getValues(), namespace, stored));
      setIssues([]);
      setBlocked(false);
      setTab('yaml');
      return;
    }
    const r = check(yaml);
    if (!r.ok) {
      setIssues(r.issues);
      setBlocked(true);
      return;
    }
    form.reset(r.form, { keepDefaultValues: true });
    onLoad?.(r.form);
    void form.trigger();
    setBlocked(false);
    setTab('form');
  };

  return {
    tab,
    yaml,
    issues,
    blocked,
    show,
    setYaml(text) {
      setYamlText(text);
      const r = check(text);
      setIssues(r.ok ? [] : r.issues);
      if (r.ok) setBlocked(false);
    },
    draftObject: tab === 'yaml' ? fromYaml : fromForm,
    yamlValues() {
      const r = check(yaml);
      if (r.ok) return r.form;
      setIssues(r.issues);
      return null;
    },
  };
}

/** The tab bar, and the form's fields or the YAML editor under it. */
export function DraftTabs<F>({ editor, idPrefix, saved, children }: { editor: DraftEditor<F>; idPrefix: string; saved: string; children: ReactNode }) {
  const tabClass = (active: boolean) =>
    cx('-mb-px border-b-2 px-3 py-1.5 text-sm font-medium', active ? 'border-sky-600 text-sky-700 dark:text-sky-400' : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200');
  return (
    <div className="space-y-4">
      <div role="tablist" aria-label="Edit as" className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
        {(['form', 'yaml'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={editor.tab === t} aria-controls={`${idPrefix}-${t}`} className={tabClass(editor.tab === t)} onClick={() => editor.show(t)}>
            {t === 'form' ? 'Form' : 'YAML'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${idPrefix}-${editor.tab}`} className="space-y-5">
        {editor.tab === 'form' ? (
          children
        ) : (
          <>
            <YamlEditor id={`${idPrefix}-yaml-text`} label="The object, as kubectl shows it" value={editor.yaml} onChange={editor.setYaml} issues={editor.issues} />
            {editor.blocked && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="yaml-blocked">
                Fix the YAML first: the form shows only what the YAML says.
              </p>
            )}
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Saving replaces {saved}; the rest of the metadata (annotations, owners) stays as stored.</p>
          </>
        )}
      </div>
    </div>
  );
}
