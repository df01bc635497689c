// What can be added to a recorded run: a comment (flagged for QA if needed) and a correction of its
// value, which needs a reason and the signature of the person correcting; the original stays in
// the record, struck through.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Button, ErrorMessage } from '../../components/ui';
import { useExec } from './context';
import { draftKey, useDraft } from './drafts';
import { NumberField, OptionButtons } from './fields';
import { dateOnly, valueText } from './model';
import type { StepRun } from './types';
import { checkNumber, checkText } from './validation';
import { useRunAction } from './entries/common';

const CORRECTABLE = new Set(['numeric_entry', 'process_parameter', 'boolean_entry', 'choice_entry', 'text_entry', 'datetime_entry', 'sampling', 'equipment_use']);

export function isCorrectable(run: StepRun): boolean {
  return run.state === 'done' && !!run.entry && CORRECTABLE.has(run.type);
}

// The new value as the body carries it, or the reason it cannot be sent yet.
function correctedValue(run: StepRun, typed: string): { body: object; shown: string } | { problem: string } {
  const spec = run.step;
  if (!typed.trim()) return { problem: 'Enter the correct value.' };
  switch (run.type) {
    case 'numeric_entry':
    case 'process_parameter': {
      const c = checkNumber(typed, spec);
      if (!('value' in c)) return { problem: 'message' in c ? c.message : 'Enter the correct value.' };
      if (c.status === 'refused') return { problem: c.message };
      return { body: { value: c.value, unit: spec.unit }, shown: `${typed.trim()} ${spec.unit ?? ''}` };
    }
    case 'boolean_entry':
      return { body: { value: typed === 'true' }, shown: typed === 'true' ? 'Yes' : 'No' };
    case 'datetime_entry':
      return { body: { time: spec.date_only ? `${typed}T00:00:00Z` : new Date(typed).toISOString() }, shown: typed };
    case 'text_entry': {
      const c = checkText(typed, spec);
      if (c.status !== 'ok') return { problem: 'message' in c ? c.message : 'Enter the correct value.' };
      return { body: { value: c.value }, shown: c.value };
    }
    default:
      return { body: { value: typed.trim() }, shown: typed.trim() };
  }
}

function CorrectionForm({ run, onClose }: { run: StepRun; onClose: () => void }) {
  const { batchId } = useExec();
  const spec = run.step;
  const initial = run.type === 'datetime_entry' && run.entry?.value.time ? dateOnly(run.entry.value.time) : '';
  const [draft, update, clear] = useDraft(draftKey(batchId, run.run_id, 'correct'), { value: initial, reason: '' });
  const { error, setError, busy, act } = useRunAction(run);
  const id = `correct-${run.run_id}`;
  const value = correctedValue(run, draft.value);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if ('problem' in value) return setError(new Error(value.problem));
    if (!draft.reason.trim()) {
      setError(new Error('Give the reason for the correction.'));
      return document.getElementById(`${id}-reason`)?.focus();
    }
    const ok = await act(
      { ...value.body, reason: draft.reason.trim() },
      {
        title: `Sign: correction of ${spec.name}`,
        meaning: 'performed',
        meaningText: 'I correct this value; the original stays in the record',
        signer: 'self',
        summary: `${valueText(run.entry?.value, spec)} → ${value.shown}. Reason: ${draft.reason.trim()}`,
      },
      'correct',
    );
    if (ok) {
      clear();
      onClose();
    }
  }

  let field;
  if (run.type === 'numeric_entry' || run.type === 'process_parameter') {
    field = <NumberField id={id} label="Correct value" spec={spec} value={draft.value} check={checkNumber(draft.value, spec)} onValue={(v) => update({ value: v })} />;
  } else if (run.type === 'boolean_entry' || run.type === 'choice_entry') {
    const options = run.type === 'boolean_entry' ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] : (spec.options ?? []).map((o) => ({ value: o, label: o }));
    field = <OptionButtons label="Correct answer" options={options} value={draft.value || null} onChoose={(v) => update({ value: v })} />;
  } else {
    const onInput = (e: Event) => update({ value: (e.target as HTMLInputElement).value });
    field = (
      <label>
        Correct value
        {run.type === 'datetime_entry' ? (
          <input id={id} type={spec.date_only ? 'date' : 'datetime-local'} class="input-xl" data-autofocus="" value={draft.value} onInput={onInput} />
        ) : (
          <input id={id} class="input-xl" data-autofocus="" autocomplete="off" value={draft.value} onInput={onInput} />
        )}
      </label>
    );
  }
  return (
    <form class="correction" onSubmit={submit} aria-label="Correct the value">
      <h3>Correct the value</h3>
      <p class="muted">Recorded: {valueText(run.entry?.value, spec)}. The original stays visible in the record.</p>
      {field}
      <label for={`${id}-reason`}>Reason for the correction (required)</label>
      <textarea id={`${id}-reason`} rows={2} value={draft.reason} onInput={(e) => update({ reason: (e.target as HTMLTextAreaElement).value })} />
      <ErrorMessage error={error} />
      <div class="form-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button kind="primary" type="submit" busy={busy}>
          Correct and sign
        </Button>
      </div>
    </form>
  );
}

function CommentForm({ run, onClose }: { run: StepRun; onClose: () => void }) {
  const { batchId } = useExec();
  const [draft, update, clear] = useDraft(draftKey(batchId, run.run_id, 'comment'), { text: '', flagged: false });
  const { error, setError, busy, act } = useRunAction(run);
  const id = `comment-${run.run_id}`;
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (!draft.text.trim()) {
      setError(new Error('Write the comment first.'));
      return document.getElementById(id)?.focus();
    }
    if (await act({ text: draft.text.trim(), flagged: draft.flagged }, undefined, 'comments')) {
      clear();
      onClose();
    }
  }
  return (
    <form class="comment-form" onSubmit={submit} aria-label="Comment on this step">
      <label for={id}>Comment</label>
      <textarea id={id} rows={3} data-autofocus="" value={draft.text} onInput={(e) => update({ text: (e.target as HTMLTextAreaElement).value })} />
      <label class="checkbox">
        <input type="checkbox" checked={draft.flagged} onChange={(e) => update({ flagged: (e.target as HTMLInputElement).checked })} />
        Flag it for QA review
      </label>
      <ErrorMessage error={error} />
      <div class="form-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button kind="primary" type="submit" busy={busy}>
          Add comment
        </Button>
      </div>
    </form>
  );
}

export function RunActions({ run, mayCorrect }: { run: StepRun; mayCorrect: boolean }) {
  const [open, setOpen] = useState<'comment' | 'correct' | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (open) root.current?.querySelector<HTMLElement>('[data-autofocus], input, textarea')?.focus();
    else if (opened.current) root.current?.querySelector<HTMLElement>('button')?.focus();
    opened.current = open !== null;
  }, [open]);
  return (
    <div class="run-actions" ref={root}>
      {open === 'comment' ? <CommentForm run={run} onClose={() => setOpen(null)} /> : null}
      {open === 'correct' ? <CorrectionForm run={run} onClose={() => setOpen(null)} /> : null}
      {open === null ? (
        <>
          <Button onClick={() => setOpen('comment')}>Add a comment</Button>
          {mayCorrect && isCorrectable(run) ? <Button onClick={() => setOpen('correct')}>Correct the value</Button> : null}
        </>
      ) : null}
    </div>
  );
}
