// The logbooks (/logbooks): the types with their templates; a type's entries with filters in the
// address bar (/logbooks/{type}); a new entry from the template with the batch field widgets,
// signed (/logbooks/{type}/new?equipment=&room=&batch=); an entry with every revision, its
// verification by a second person and corrections (/logbooks/{type}/{number}).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api/client';
import type { SignatureInput } from '../../api/types';
import { SignatureDialog, type SignatureRequest } from '../../components/SignatureDialog';
import { Button, ErrorMessage, Loading, Notice, PageHeader } from '../../components/ui';
import { match, navigate, useLocation } from '../../lib/router';
import { can, me } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useDraft } from '../execute/drafts';
import { NumberField, OptionButtons } from '../execute/fields';
import { checkNumber, checkText } from '../execute/validation';
import { useLiveRefresh, useTemplates } from './data';
import {
  entryFields,
  fieldSpec,
  filterFromParams,
  filterToApi,
  filterToSearch,
  isRequired,
  optionLabel,
  refusedField,
  revisionDiff,
  showValue,
  valueToDraft,
  type Draft,
  type EntriesPage,
  type EntryFilter,
  type LogEntry,
  type Template,
  type TemplateField,
} from './model';
import { EntryTable, formatInstant, Link, VerifiedBadge } from './parts';
import '../execute/execute.css';
import './logbooks.css';

export default function Logbooks({ rest }: { rest: string }) {
  const path = `/${rest}`;
  const { types, error } = useTemplates();
  if (error) return <ErrorMessage error={error} />;
  if (!types) return <Loading what="Loading the logbooks" />;
  const typeOf = (t: string) => types.find((x) => x.type === t);
  let m = match('/:type/new', path);
  if (m) {
    const t = typeOf(m.type);
    return t ? <NewEntry key={m.type} template={t} /> : <Unknown type={m.type} />;
  }
  m = match('/:type/:entry', path);
  if (m) {
    const t = typeOf(m.type);
    return t ? <EntryDetail key={m.entry} template={t} entryRef={m.entry} /> : <Unknown type={m.type} />;
  }
  m = match('/:type', path);
  if (m) {
    const t = typeOf(m.type);
    return t ? <Entries key={m.type} template={t} /> : <Unknown type={m.type} />;
  }
  return <TypeList types={types} />;
}

function Unknown({ type }: { type: string }) {
  return (
    <div class="lb-screen">
      <PageHeader title="Logbook not found" />
      <p>
        There is no logbook “{type}”. <Link href="/logbooks">See every logbook</Link>.
      </p>
    </div>
  );
}

function TypeList({ types }: { types: Template[] }) {
  return (
    <div class="lb-screen">
      <PageHeader title="Logbooks">
        <Link href="/equipment" class="btn btn-secondary">
          Equipment board
        </Link>
      </PageHeader>
      <ul class="lb-types">
        {types.map((t) => (
          <li key={t.type}>
            <Link href={`/logbooks/${t.type}`} class="lb-type" testId={`type-${t.type}`}>
              <strong>{t.name}</strong>
              <p>{t.description}</p>
              <p class="muted small">
                {t.fields.length} field{t.fields.length === 1 ? '' : 's'} · {t.verification ? 'verified by a second person' : 'no verification'} · template version {t.version}
              </p>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

// ---- Entries -----------------------------------------------------------------------------------

const LINK_LABEL: Record<'equipment' | 'room' | 'batch', string> = { equipment: 'Equipment code', room: 'Room code', batch: 'Batch number' };

function Entries({ template }: { template: Template }) {
  const { path, params } = useLocation();
  const filter = filterFromParams(params);
  const [form, setForm] = useState<EntryFilter>(filter);
  const [page, setPage] = useState<EntriesPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const search = filterToSearch(filter);
  const base = `/api/v1/logbooks/${template.type}/entries`;

  useEffect(() => {
    setForm(filter);
    setPage(null);
    api.get<EntriesPage>(base + query(filterToApi(filter))).then((p) => (setPage(p), setError(null)), setError);
  }, [template.type, search]);

  // New and changed entries of the first page merge in; pages loaded further stay.
  useLiveRefresh(() => {
    api.get<EntriesPage>(base + query(filterToApi(filter))).then(
      (fresh) =>
        setPage((cur) => {
          if (!cur) return fresh;
          const byId = new Map(fresh.items.map((e) => [e.id, e]));
          const kept = cur.items.filter((e) => !byId.has(e.id));
          const items = [...fresh.items, ...kept].sort((a, b) => b.recorded_at.localeCompare(a.recorded_at));
          return { items, next_cursor: cur.next_cursor ?? fresh.next_cursor };
        }),
      () => undefined,
    );
  }, false);

  async function more() {
    if (!page?.next_cursor) return;
    setBusy(true);
    try {
      const next = await api.get<EntriesPage>(base + query(filterToApi(filter, page.next_cursor)));
      setPage({ items: [...page.items, ...next.items], next_cursor: next.next_cursor });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const shownLinks = (['equipment', 'room', 'batch'] as const).filter((k) => template.links[k] !== 'none');
  const newHref = `/logbooks/${template.type}/new${query({ equipment: filter.equipment, room: filter.room, batch: filter.batch })}`;
  return (
    <div class="lb-screen">
      <p>
        <Link href="/logbooks">← Logbooks</Link>
      </p>
      <PageHeader title={template.name}>
        {can('logbook.write') ? (
          <Link href={newHref} class="btn btn-primary">
            New entry
          </Link>
        ) : null}
      </PageHeader>
      <p class="muted">{template.description}</p>
      <form
        class="inline lb-filters"
        aria-label="Filter the entries"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(path + filterToSearch(form), true);
        }}
      >
        {shownLinks.map((k) => (
          <label key={k}>
            {LINK_LABEL[k]}
            <input value={form[k]} autocomplete="off" onInput={(e) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value })} />
          </label>
        ))}
        <label>
          From
          <input type="date" value={form.from} onInput={(e) => setForm({ ...form, from: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          To
          <input type="date" value={form.to} onInput={(e) => setForm({ ...form, to: (e.target as HTMLInputElement).value })} />
        </label>
        <Button type="submit">Filter</Button>
        {search ? <Button onClick={() => navigate(path, true)}>Clear</Button> : null}
      </form>
      <ErrorMessage error={error} />
      {!page ? (
        error ? null : <Loading what="Loading the entries" />
      ) : page.items.length === 0 ? (
        <p class="muted">No entries{search ? ' match these filters' : ' yet'}.</p>
      ) : (
        <>
          <EntryTable entries={page.items} typeOf={(t) => (t === template.type ? template : undefined)} showType={false} />
          {page.next_cursor ? (
            <p>
              <Button busy={busy} onClick={() => void more()}>
                Load more
              </Button>
            </p>
          ) : (
            <p class="muted small">{page.items.length} entries, all shown.</p>
          )}
        </>
      )}
    </div>
  );
}

// ---- One field, with the batch execution widgets -----------------------------------------------

function FieldInput({
  field,
  value,
  onValue,
  refusal,
  first,
}: {
  field: TemplateField;
  value: string;
  onValue: (v: string) => void;
  refusal?: string;
  first?: boolean;
}) {
  const id = `field-${field.key}`;
  const spec = fieldSpec(field);
  const optional = isRequired(field) ? '' : ' (optional)';
  let input;
  switch (field.type) {
    case 'numeric_entry':
      input = <NumberField id={id} label={`${field.name}${optional}`} spec={spec} value={value} check={checkNumber(value, spec)} onValue={onValue} autofocus={!!first} />;
      break;
    case 'choice_entry':
    case 'boolean_entry': {
      const options =
        field.type === 'boolean_entry'
          ? [
              { value: 'true', label: 'Yes' },
              { value: 'false', label: 'No' },
            ]
          : (field.options ?? []).map((o) => ({ value: o, label: optionLabel(o) }));
      const expected = field.expected === undefined ? null : field.type === 'boolean_entry' ? (field.expected ? 'Yes' : 'No') : optionLabel(String(field.expected));
      input = (
        <>
          <p class="entry-label" id={`${id}-label`}>
            {field.name}
            {optional}
          </p>
          <OptionButtons label={field.name} options={options} value={value || null} onChoose={onValue} />
          {expected ? <p class="muted small">Expected: {expected}. Any other answer is recorded for review.</p> : null}
        </>
      );
      break;
    }
    case 'datetime_entry':
      input = (
        <>
          <label for={id} class="entry-label">
            {field.name}
            {optional}
          </label>
          <input
            id={id}
            class="input-xl input-date"
            type={field.date_only ? 'date' : 'datetime-local'}
            value={value}
            data-autofocus={first ? '' : undefined}
            onInput={(e) => onValue((e.target as HTMLInputElement).value)}
          />
        </>
      );
      break;
    default: {
      const check = checkText(value, spec);
      const long = (field.max_length ?? 0) > 200;
      const props = {
        id,
        value,
        maxLength: field.max_length,
        'aria-invalid': check.status === 'invalid' || !!refusal,
        'aria-describedby': `${id}-check`,
        'data-autofocus': first ? '' : undefined,
      };
      input = (
        <>
          <label for={id} class="entry-label">
            {field.name}
            {optional}
          </label>
          {long ? (
            <textarea {...props} rows={3} onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)} />
          ) : (
            <input {...props} class="input-xl" autocomplete="off" onInput={(e) => onValue((e.target as HTMLInputElement).value)} />
          )}
          <p id={`${id}-check`} class={`check check-${check.status}`} aria-live="polite">
            {check.status === 'invalid' ? `✕ ${check.message}` : field.pattern ? `Form: ${field.pattern}` : ''}
          </p>
        </>
      );
    }
  }
  return (
    <div class="lb-field" data-field={field.key} data-refused={!!refusal} data-testid={`field-${field.key}`}>
      {field.text ? <p class="hint">{field.text}</p> : null}
      {input}
      {refusal ? (
        <p class="lb-field-error" role="alert">
          ✕ {refusal}
        </p>
      ) : null}
    </div>
  );
}

function focusField(key: string) {
  setTimeout(() => {
    const box = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(key)}"]`);
    box?.scrollIntoView({ block: 'center' });
    box?.querySelector<HTMLElement>('input, textarea, button')?.focus();
  }, 0);
}

// ---- A new entry -------------------------------------------------------------------------------

type Links = { equipment: string; room: string; batch: string; lot: string };
const LINKS: (keyof Links)[] = ['equipment', 'room', 'batch', 'lot'];
const LINK_NAMES: Record<keyof Links, string> = { equipment: 'Equipment code', room: 'Room code', batch: 'Batch number', lot: 'Lot number' };

function NewEntry({ template }: { template: Template }) {
  const { params } = useLocation();
  const prefill: Links = { equipment: params.get('equipment') ?? '', room: params.get('room') ?? '', batch: params.get('batch') ?? '', lot: params.get('lot') ?? '' };
  const key = `gemba.draft.logbook.${template.type}.v${template.version}.${LINKS.map((k) => prefill[k]).join('|')}`;
  const [draft, update, clear] = useDraft<{ values: Draft; links: Links; comment: string }>(key, { values: {}, links: prefill, comment: '' });
  const [refusals, setRefusals] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [signing, setSigning] = useState(false);

  const shownLinks = LINKS.filter((k) => template.links[k] !== 'none');
  const form = useRef<HTMLFormElement>(null);
  // The first thing to type: the first link left empty, else the first field.
  useEffect(() => {
    const empty = shownLinks.find((k) => !draft.links[k].trim());
    const where = empty ?? template.fields[0]?.key;
    if (where) form.current?.querySelector<HTMLElement>(`[data-field="${CSS.escape(where)}"] :is(input, textarea, button)`)?.focus();
  }, []);
  function setValue(k: string, v: string) {
    update({ values: { ...draft.values, [k]: v } });
    if (refusals[k]) setRefusals({ ...refusals, [k]: '' });
  }

  function start(e: Event) {
    e.preventDefault();
    setError(null);
    const out = entryFields(template.fields, draft.values);
    if ('key' in out) {
      setRefusals({ [out.key]: out.message });
      return focusField(out.key);
    }
    for (const k of shownLinks) {
      if (template.links[k] === 'required' && !draft.links[k].trim() && !(k === 'room' && draft.links.equipment.trim())) {
        setRefusals({ [k]: `The ${LINK_NAMES[k].toLowerCase()} is required for this logbook.` });
        return focusField(k);
      }
    }
    setRefusals({});
    setSigning(true);
  }

  async function sign(signature: SignatureInput) {
    const out = entryFields(template.fields, draft.values);
    if ('key' in out) return;
    const body: Record<string, unknown> = { fields: out.fields, signature, client_time: new Date().toISOString() };
    for (const k of shownLinks) if (draft.links[k].trim()) body[k] = draft.links[k].trim();
    if (draft.comment.trim()) body.comment = draft.comment.trim();
    try {
      const entry = await api.post<LogEntry>(`/api/v1/logbooks/${template.type}/entries`, body);
      clear();
      setSigning(false);
      navigate(`/logbooks/${template.type}/${encodeURIComponent(entry.number)}?recorded=1`);
    } catch (err) {
      if (!(err instanceof ApiError) || err.field?.startsWith('signature')) throw err;
      // Not the signature: shown where it belongs, everything typed kept.
      setSigning(false);
      const k = refusedField(err.field) ?? (LINKS.includes(err.field as keyof Links) ? err.field! : null);
      if (k) {
        setRefusals({ [k]: err.message });
        focusField(k);
      } else {
        setError(err);
      }
    }
  }

  const request: SignatureRequest = {
    title: `Sign: ${template.name} entry`,
    meaning: template.meaning,
    meaningText: `I ${template.meaning} what this entry records`,
    signer: 'self',
    summary: [template.name, ...shownLinks.map((k) => draft.links[k]).filter(Boolean)].join(' · '),
  };
  return (
    <div class="lb-screen">
      <p>
        <Link href={`/logbooks/${template.type}`}>← {template.name}</Link>
      </p>
      <PageHeader title={`New entry: ${template.name}`} />
      {!can('logbook.write') ? <Notice kind="warning">Recording logbook entries needs the permission logbook.write; your role does not have it.</Notice> : null}
      <p class="muted">
        {template.description} Template version {template.version}. The entry carries the server’s time when it is signed.
      </p>
      <form class="lb-form" ref={form} onSubmit={start} noValidate>
        {shownLinks.length ? (
          <div class="lb-field lb-links">
            {shownLinks.map((k) => (
              <div key={k} data-field={k} style="flex: 1 1 14rem">
                <label>
                  {LINK_NAMES[k]}
                  {template.links[k] === 'required' ? '' : ' (optional)'}
                  <input
                    value={draft.links[k]}
                    autocomplete="off"
                    aria-invalid={!!refusals[k]}
                    onInput={(e) => {
                      update({ links: { ...draft.links, [k]: (e.target as HTMLInputElement).value } });
                      if (refusals[k]) setRefusals({ ...refusals, [k]: '' });
                    }}
                  />
                </label>
                {refusals[k] ? (
                  <p class="lb-field-error" role="alert">
                    ✕ {refusals[k]}
                  </p>
                ) : null}
              </div>
            ))}
          </div>
        ) : null}
        {template.fields.map((f, i) => (
          <FieldInput key={f.key} field={f} value={draft.values[f.key] ?? ''} onValue={(v) => setValue(f.key, v)} refusal={refusals[f.key]} first={i === 0 && shownLinks.every((k) => !!prefill[k])} />
        ))}
        <div class="lb-field">
          <label>
            Comment (optional; explain a value outside its alarm limits or an unexpected answer)
            <textarea rows={2} value={draft.comment} onInput={(e) => update({ comment: (e.target as HTMLTextAreaElement).value })} />
          </label>
        </div>
        <ErrorMessage error={error} onDismiss={() => setError(null)} />
        <div class="lb-actions">
          <Button kind="primary" type="submit" class="btn-large">
            Sign and record
          </Button>
          <Button onClick={() => (clear(), setRefusals({}))}>Clear the form</Button>
        </div>
      </form>
      {signing ? <SignatureDialog request={request} onSign={sign} onCancel={() => setSigning(false)} /> : null}
    </div>
  );
}

// ---- One entry ---------------------------------------------------------------------------------

function EntryDetail({ template, entryRef }: { template: Template; entryRef: string }) {
  const { params } = useLocation();
  const user = useStore(me);
  const [entry, setEntry] = useState<LogEntry | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState(params.get('recorded') ? 'recorded' : '');
  const [dialog, setDialog] = useState<'verify' | 'correct' | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const path = `/api/v1/logbooks/${template.type}/entries/${encodeURIComponent(entryRef)}`;

  function load() {
    api.get<LogEntry>(path).then((e) => (setEntry(e), setError(null)), setError);
  }
  useEffect(load, [path]);
  useLiveRefresh(load, correcting || dialog !== null, 60_000);

  if (!entry) return error ? <ErrorMessage error={error} /> : <Loading what="Loading the entry" />;
  const own = user?.id === entry.recorded_by.user_id;
  const canVerify = template.verification && !entry.verified && can('logbook.write');

  async function verify(signature: SignatureInput) {
    const e = await api.post<LogEntry>(`/api/v1/logbooks/${template.type}/entries/${entry!.id}/verify`, { signature });
    setEntry(e);
    setDialog(null);
    setNotice('verified');
  }

  const revisions = entry.revisions ?? [];
  return (
    <div class="lb-screen">
      <p>
        <Link href={`/logbooks/${template.type}`}>← {template.name}</Link>
      </p>
      <PageHeader title={`${template.name} ${entry.number}`}>
        {canVerify ? (
          <Button kind="primary" class="btn-large" onClick={() => setDialog('verify')}>
            Verify
          </Button>
        ) : null}
        {can('logbook.write') && !correcting ? <Button onClick={() => setCorrecting(true)}>Correct values</Button> : null}
      </PageHeader>
      {notice === 'recorded' ? (
        <Notice kind="success">
          Entry {entry.number} recorded{template.verification ? '; a second person verifies it.' : '.'}
        </Notice>
      ) : notice === 'verified' ? (
        <Notice kind="success">Entry {entry.number} verified.</Notice>
      ) : notice === 'corrected' ? (
        <Notice kind="success">Correction recorded as revision {entry.revision}.</Notice>
      ) : null}
      <ErrorMessage error={error} />
      <section class="card" aria-label="Entry">
        <dl class="facts">
          <dt>Recorded</dt>
          <dd>
            {formatInstant(entry.recorded_at)} by {entry.recorded_by.printed_name}
            {entry.automatic ? ' (written by the batch)' : ''}
          </dd>
          {entry.equipment ? (
            <>
              <dt>Equipment</dt>
              <dd>
                <Link href={`/equipment/${encodeURIComponent(entry.equipment.code)}`}>{entry.equipment.code}</Link>
              </dd>
            </>
          ) : null}
          {entry.room ? (
            <>
              <dt>Room</dt>
              <dd>{entry.room.code}</dd>
            </>
          ) : null}
          {entry.batch ? (
            <>
              <dt>Batch</dt>
              <dd>
                <Link href={`/batches/${encodeURIComponent(entry.batch.id)}`}>{entry.batch.number}</Link>
              </dd>
            </>
          ) : null}
          <dt>Verification</dt>
          <dd data-testid="verification">
            <VerifiedBadge entry={entry} needsVerification={template.verification} />
            {entry.verified ? ` by ${entry.verified.printed_name}, ${formatInstant(entry.verified.at)}` : ''}
            {canVerify && own ? <span class="muted"> — by someone other than you</span> : null}
          </dd>
          <dt>Revision</dt>
          <dd>
            {entry.revision} (template version {entry.template_version})
          </dd>
          {entry.comment ? (
            <>
              <dt>Comment</dt>
              <dd>{entry.comment}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="values-h">
        <h2 id="values-h">Values</h2>
        <table data-testid="entry-values">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {template.fields.map((f) => (
              <tr key={f.key}>
                <td>{f.name}</td>
                <td>{showValue(f, entry.values[f.key])}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {entry.exceptions.length ? (
          <Notice kind="warning">
            For review: {entry.exceptions.map((x) => x.message).join('; ')}
          </Notice>
        ) : null}
      </section>
      {correcting ? (
        <Correction
          template={template}
          entry={entry}
          onDone={(e) => {
            setEntry(e);
            setCorrecting(false);
            setNotice('corrected');
          }}
          onCancel={() => setCorrecting(false)}
        />
      ) : null}
      <section aria-labelledby="rev-h">
        <h2 id="rev-h">Revisions</h2>
        {revisions.length <= 1 ? (
          <p class="muted">Revision 1 only: never corrected.</p>
        ) : (
          <ol class="lb-revisions">
            {revisions.map((r, i) => (
              <li key={r.id} data-testid={`revision-${r.revision}`}>
                <strong>Revision {r.revision}</strong> — {formatInstant(r.at)}, {r.by.printed_name}
                {i === 0 ? (
                  ' (as recorded)'
                ) : (
                  <>
                    <p>Reason: {r.reason}</p>
                    <table class="lb-diff">
                      <thead>
                        <tr>
                          <th scope="col">Field</th>
                          <th scope="col">Before</th>
                          <th scope="col">After</th>
                        </tr>
                      </thead>
                      <tbody>
                        {revisionDiff(template.fields, revisions[i - 1].values, r.values).map((d) => (
                          <tr key={d.key}>
                            <td>{d.name}</td>
                            <td class="before">{d.before}</td>
                            <td class="after">{d.after}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      {dialog === 'verify' ? (
        <SignatureDialog
          request={{
            title: `Verify ${entry.number}`,
            meaning: 'verified',
            meaningText: `I checked what ${entry.recorded_by.printed_name} recorded`,
            signer: own ? 'other' : 'self',
            summary: own ? 'You recorded this entry: a second person signs with their own user name.' : `${template.name} ${entry.number}`,
          }}
          onSign={verify}
          onCancel={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}

function Correction({ template, entry, onDone, onCancel }: { template: Template; entry: LogEntry; onDone: (e: LogEntry) => void; onCancel: () => void }) {
  const initial = Object.fromEntries(template.fields.map((f) => [f.key, valueToDraft(f, entry.values[f.key])]));
  const [values, setValues] = useState<Draft>(initial);
  const [reason, setReason] = useState('');
  const [refusals, setRefusals] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [signing, setSigning] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const changed = template.fields.filter((f) => (values[f.key] ?? '') !== (initial[f.key] ?? ''));
  function start(e: Event) {
    e.preventDefault();
    setError(null);
    if (changed.length === 0) return setError(new Error('Change at least one value to correct.'));
    const out = entryFields(changed, values);
    if ('key' in out) {
      setRefusals({ [out.key]: out.message });
      return focusField(out.key);
    }
    if (!reason.trim()) {
      setRefusals({ reason: 'Give the reason for the correction.' });
      return focusField('reason');
    }
    setRefusals({});
    setSigning(true);
  }
  async function sign(signature: SignatureInput) {
    const out = entryFields(changed, values);
    if ('key' in out) return;
    try {
      const e = await api.post<LogEntry>(`/api/v1/logbooks/${template.type}/entries/${entry.id}/correct`, { fields: out.fields, reason: reason.trim(), signature });
      setSigning(false);
      onDone(e);
    } catch (err) {
      if (!(err instanceof ApiError) || err.field?.startsWith('signature')) throw err;
      setSigning(false);
      const k = refusedField(err.field) ?? (err.field === 'reason' ? 'reason' : null);
      if (k) {
        setRefusals({ [k]: err.message });
        focusField(k);
      } else setError(err);
    }
  }
  return (
    <section class="card" aria-labelledby="corr-h">
      <h2 id="corr-h" ref={heading} tabIndex={-1}>
        Correct values
      </h2>
      <p class="muted">Change the values that were wrong. The original stays as revision 1; the fields that decided a status cannot be corrected (record a new entry).</p>
      <form class="lb-form" onSubmit={start} noValidate>
        {template.fields.map((f) => (
          <FieldInput
            key={f.key}
            field={f}
            value={values[f.key] ?? ''}
            onValue={(v) => {
              setValues({ ...values, [f.key]: v });
              if (refusals[f.key]) setRefusals({ ...refusals, [f.key]: '' });
            }}
            refusal={refusals[f.key]}
          />
        ))}
        <div class="lb-field" data-field="reason">
          <label>
            Reason for the correction (required)
            <textarea rows={2} value={reason} aria-invalid={!!refusals.reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
          </label>
          {refusals.reason ? (
            <p class="lb-field-error" role="alert">
              ✕ {refusals.reason}
            </p>
          ) : null}
        </div>
        <p class="muted">{changed.length ? `Changing: ${changed.map((f) => f.name).join(', ')}.` : 'Nothing changed yet.'}</p>
        <ErrorMessage error={error} onDismiss={() => setError(null)} />
        <div class="lb-actions">
          <Button kind="primary" type="submit">
            Sign the correction
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </div>
      </form>
      {signing ? (
        <SignatureDialog
          request={{
            title: `Sign the correction of ${entry.number}`,
            meaning: 'performed',
            meaningText: 'I corrected these values for the reason given',
            signer: 'self',
            summary: `${changed.map((f) => f.name).join(', ')} — ${reason.trim()}`,
          }}
          onSign={sign}
          onCancel={() => setSigning(false)}
        />
      ) : null}
    </section>
  );
}
