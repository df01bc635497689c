// The audit trail's filter form (what GET /api/v1/audit filters on: record type and id, action,
// user, time range, order) and the active filters as removable chips. Values seen on the page
// are offered as suggestions, since the server matches exactly.
import { useEffect, useState } from 'preact/hooks';
import { Button, ErrorMessage } from '../../components/ui';
import { formatTime, humanize } from '../../lib/format';
import { isoToLocalInput, localInputToIso, type AuditFilter, type AuditRecord } from './model';

interface Draft {
  record_type: string;
  record_id: string;
  action: string;
  user: string;
  from: string; // datetime-local
  to: string;
  order: 'asc' | 'desc';
}

function draftOf(f: AuditFilter): Draft {
  return {
    record_type: f.record_type ?? '',
    record_id: f.record_id ?? '',
    action: f.action ?? '',
    user: f.user ?? '',
    from: isoToLocalInput(f.from),
    to: isoToLocalInput(f.to),
    order: f.order ?? 'desc',
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort();
}

export function AuditFilters({
  filter,
  seen,
  onApply,
}: {
  filter: AuditFilter;
  seen: AuditRecord[];
  onApply: (f: AuditFilter) => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(filter));
  const [error, setError] = useState<unknown>(null);
  const key = JSON.stringify(filter);
  useEffect(() => setDraft(draftOf(filter)), [key]);

  const set = (k: keyof Draft) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });

  function submit(e: Event) {
    e.preventDefault();
    const from = localInputToIso(draft.from);
    const to = localInputToIso(draft.to);
    if (from && to && from >= to) {
      setError(new Error('“From” must be before “To”.'));
      return;
    }
    setError(null);
    onApply({
      record_type: draft.record_type.trim() || undefined,
      record_id: draft.record_id.trim() || undefined,
      action: draft.action.trim() || undefined,
      user: draft.user.trim() || undefined,
      from: from || undefined,
      to: to || undefined,
      order: draft.order === 'asc' ? 'asc' : undefined,
    });
  }

  const actors = new Map(seen.map((r) => [r.actor.id, r.actor.printed_name]));
  return (
    <form class="card audit-filters" onSubmit={submit} aria-label="Filter the audit trail">
      <div class="filter-grid">
        <label>
          Record type
          <input name="record_type" list="audit-record-types" value={draft.record_type} onInput={set('record_type')} placeholder="batch, user, material_lot…" />
        </label>
        <label>
          Record id
          <input name="record_id" class="mono" value={draft.record_id} onInput={set('record_id')} />
        </label>
        <label>
          Action
          <input name="action" list="audit-actions" value={draft.action} onInput={set('action')} placeholder="user.login, batch.released…" />
        </label>
        <label>
          User id
          <input name="user" class="mono" list="audit-actors" value={draft.user} onInput={set('user')} />
        </label>
        <label>
          From (your time)
          <input name="from" type="datetime-local" step={1} value={draft.from} onInput={set('from')} />
        </label>
        <label>
          Before (your time)
          <input name="to" type="datetime-local" step={1} value={draft.to} onInput={set('to')} />
        </label>
        <label>
          Order
          <select name="order" value={draft.order} onChange={set('order')}>
            <option value="desc">Newest first</option>
            <option value="asc">Oldest first</option>
          </select>
        </label>
      </div>
      <datalist id="audit-record-types">
        {unique(seen.map((r) => r.record.type)).map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <datalist id="audit-actions">
        {unique(seen.map((r) => r.action)).map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <datalist id="audit-actors">
        {[...actors].map(([id, name]) => (
          <option key={id} value={id} label={name} />
        ))}
      </datalist>
      <ErrorMessage error={error} />
      <p class="muted small">
        Values match exactly. “Same record”, “Same user” and “Same action” on an entry fill them in.
      </p>
      <div class="filter-actions">
        <Button kind="primary" type="submit">
          Apply filter
        </Button>
        <Button onClick={() => onApply({})}>Clear all</Button>
      </div>
    </form>
  );
}

// The filters in force, each with a button that removes it.
export function ActiveFilters({
  filter,
  userName,
  onApply,
}: {
  filter: AuditFilter;
  userName?: string;
  onApply: (f: AuditFilter) => void;
}) {
  const chips: [keyof AuditFilter, string][] = [];
  if (filter.record_type) chips.push(['record_type', `Record type: ${humanize(filter.record_type)}`]);
  if (filter.record_id) chips.push(['record_id', `Record: ${filter.record_id}`]);
  if (filter.action) chips.push(['action', `Action: ${filter.action}`]);
  if (filter.user) chips.push(['user', `User: ${userName ?? filter.user}`]);
  if (filter.from) chips.push(['from', `From ${formatTime(filter.from, true)}`]);
  if (filter.to) chips.push(['to', `Before ${formatTime(filter.to, true)}`]);
  if (filter.order === 'asc') chips.push(['order', 'Oldest first']);
  if (chips.length === 0) return <p class="muted">Showing the whole trail, newest first.</p>;
  return (
    <ul class="filter-chips" aria-label="Filters in force">
      {chips.map(([k, text]) => (
        <li key={k}>
          <span>{text}</span>
          <button type="button" class="btn btn-ghost chip-remove" aria-label={`Remove filter ${text}`} onClick={() => onApply({ ...filter, [k]: undefined })}>
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
