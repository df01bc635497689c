// One exception as QA reviews it: what happened, on which step, against which limits, the value
// entered with who and when, its corrections and comments; then either its disposition or, while
// open, the form to record one (accept with a comment, or escalate to a deviation), signed by the
// reviewer with the meaning "reviewed".
import { useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { SignatureInput } from '../../api/types';
import { SignatureDialog } from '../../components/SignatureDialog';
import { Button, ErrorMessage, nextId } from '../../components/ui';
import { formatTime, humanize } from '../../lib/format';
import { useDraft } from './drafts';
import { outlineRun } from './record';
import { RunDetails } from './RunDetails';
import type { BatchException } from './types';
import { specLines } from './values';

function Disposed({ e }: { e: BatchException }) {
  const d = e.disposition!;
  return (
    <div class={`rv-disposition rv-disposition-${d.outcome}`}>
      <strong>{d.outcome === 'accepted' ? 'Accepted' : `Escalated to deviation ${d.deviation_ref ?? ''}`}</strong> by {d.by.printed_name},{' '}
      {formatTime(d.at, true)}
      <div>“{d.comment}”</div>
      {d.signature ? (
        <div class="small" data-testid="disposition-signature">
          ✍ Reviewed by {d.signature.printed_name} — {formatTime(d.signature.signed_at, true)}
        </div>
      ) : null}
    </div>
  );
}

// A refusal found before asking the server, naming the field like the server's errors do.
class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function DispositionForm({ batchId, e, onDone }: { batchId: string; e: BatchException; onDone: (id: string) => void }) {
  const [draft, setDraft, clearDraft] = useDraft(e.id);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [signing, setSigning] = useState(false);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const refRef = useRef<HTMLInputElement>(null);
  const [ids] = useState(() => ({ comment: nextId('disp-comment'), ref: nextId('disp-ref'), err: nextId('disp-err') }));
  const field = error instanceof ApiError ? error.field : error instanceof FieldError ? error.field : undefined;

  async function submit(ev: Event) {
    ev.preventDefault();
    const problem = !draft.comment.trim()
      ? new FieldError('comment', 'Write the comment that justifies this disposition.')
      : draft.outcome === 'escalated' && !draft.deviationRef.trim()
        ? new FieldError('deviation_ref', 'Give the reference of the deviation this exception is escalated to.')
        : null;
    if (problem) {
      setError(problem);
      (problem.field === 'comment' ? commentRef : refRef).current?.focus();
      return;
    }
    setError(null);
    setSigning(true);
  }

  // The dialog shows a refused signature itself; any other refusal closes it and shows here,
  // next to the field it names.
  async function sign(signature: SignatureInput) {
    setBusy(true);
    try {
      await api.post(`/api/v1/batches/${batchId}/exceptions/${e.id}/disposition`, {
        outcome: draft.outcome,
        comment: draft.comment.trim(),
        ...(draft.outcome === 'escalated' ? { deviation_ref: draft.deviationRef.trim() } : {}),
        signature,
      });
      setSigning(false);
      clearDraft();
      onDone(e.id);
    } catch (err) {
      if (err instanceof ApiError && err.field?.startsWith('signature')) throw err;
      setSigning(false);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form class="rv-disp-form" onSubmit={submit} aria-label={`Disposition of: ${e.message}`}>
        <fieldset>
          <legend>Disposition</legend>
          <div class="rv-choices" role="radiogroup" aria-label="Outcome">
            <label class="rv-choice">
              <input
                type="radio"
                name={`outcome-${e.id}`}
                value="accepted"
                checked={draft.outcome === 'accepted'}
                onChange={() => setDraft({ ...draft, outcome: 'accepted' })}
              />
              Accept&nbsp;<span class="muted">— no impact on quality</span>
            </label>
            <label class="rv-choice">
              <input
                type="radio"
                name={`outcome-${e.id}`}
                value="escalated"
                checked={draft.outcome === 'escalated'}
                onChange={() => setDraft({ ...draft, outcome: 'escalated' })}
              />
              Escalate&nbsp;<span class="muted">— to a deviation</span>
            </label>
          </div>
          <label for={ids.comment}>Comment (required)</label>
          <textarea
            id={ids.comment}
            ref={commentRef}
            rows={3}
            value={draft.comment}
            aria-invalid={field === 'comment'}
            aria-describedby={error ? ids.err : undefined}
            onInput={(ev) => setDraft({ ...draft, comment: (ev.target as HTMLTextAreaElement).value })}
          />
          {draft.outcome === 'escalated' ? (
            <>
              <label for={ids.ref}>Deviation reference (required)</label>
              <input
                id={ids.ref}
                ref={refRef}
                value={draft.deviationRef}
                placeholder="DEV-2026-00042"
                aria-invalid={field === 'deviation_ref'}
                aria-describedby={error ? ids.err : undefined}
                onInput={(ev) => setDraft({ ...draft, deviationRef: (ev.target as HTMLInputElement).value })}
              />
            </>
          ) : null}
          <div id={ids.err}>
            <ErrorMessage error={error} />
          </div>
          <div class="rv-form-actions">
            <Button kind="primary" type="submit" busy={busy}>
              {draft.outcome === 'escalated' ? 'Record escalation' : 'Record acceptance'}
            </Button>
            <span class="muted small">Signed by you, meaning “reviewed”, at the server's time.</span>
          </div>
        </fieldset>
      </form>
      {signing ? (
        <SignatureDialog
          request={{
            title: draft.outcome === 'escalated' ? 'Sign the escalation' : 'Sign the acceptance',
            meaning: 'reviewed',
            meaningText: 'I reviewed this exception and decided its disposition',
            signer: 'self',
            summary: `${draft.outcome === 'escalated' ? `Escalated to ${draft.deviationRef.trim()}` : 'Accepted'}: ${e.message}`,
          }}
          onSign={sign}
          onCancel={() => setSigning(false)}
        />
      ) : null}
    </>
  );
}

export function ExceptionCard({
  batchId,
  e,
  index,
  whyNoForm,
  onDone,
}: {
  batchId: string;
  e: BatchException;
  index: number;
  // Why an open exception shows no disposition form here; null = it shows one.
  whyNoForm: string | null;
  onDone: (id: string) => void;
}) {
  const run = e.run;
  const step = run?.step;
  const spec = specLines(step);
  const headingId = `exc-${e.id}`;
  return (
    <article class={`card rv-exception rv-sev-${e.severity}${e.disposition ? ' rv-closed' : ''}`} aria-labelledby={headingId} data-testid="exception">
      <header class="rv-exc-head">
        <h3 id={headingId} tabIndex={-1}>
          <span class="rv-exc-n">{index}.</span> {humanize(e.kind)}
          {step ? <span class="rv-exc-step"> · {step.name}</span> : null}
          {run && run.occurrence > 1 ? <span class="muted"> #{run.occurrence}</span> : null}
        </h3>
        <span class={`badge badge-${e.severity}`}>{humanize(e.severity)}</span>
        <span class={`badge ${e.disposition ? 'badge-done' : 'badge-open'}`}>{e.disposition ? 'Dispositioned' : 'Open'}</span>
      </header>
      <p class="rv-exc-message">{e.message}</p>
      <p class="muted small">
        Raised {formatTime(e.raised_at, true)} by {e.raised_by.printed_name}
        {e.step_key ? (
          <>
            {' '}
            · step <code>{run?.run_id ?? e.step_key}</code>
          </>
        ) : (
          ' · batch level'
        )}
      </p>
      {run ? (
        <div class="rv-context">
          {step?.text ? <p class="rv-instruction">{step.text}</p> : null}
          {spec.length > 0 ? (
            <ul class="rv-spec" aria-label="What the step asked for">
              {spec.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : null}
          <RunDetails run={outlineRun(run, step?.type, step)} />
        </div>
      ) : null}
      {e.disposition ? (
        <Disposed e={e} />
      ) : whyNoForm === null ? (
        <DispositionForm batchId={batchId} e={e} onDone={onDone} />
      ) : (
        <p class="muted">Open: {whyNoForm}</p>
      )}
    </article>
  );
}
