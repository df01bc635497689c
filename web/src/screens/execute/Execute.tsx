// Batch execution, the operator's main screen: one step at a time, large, with the procedure
// outline beside it. Scans anywhere on the screen go to the step shown; signatures (own, witness,
// overrides) go through the signature dialog; each answer is shown as soon as it arrives and the
// batch is refetched behind it; live events bring in what other tablets record.
import { useRef, useState } from 'preact/hooks';
import { api, ApiError, download } from '../../api/client';
import type { SignatureInput } from '../../api/types';
import { SignatureDialog, type SignatureRequest } from '../../components/SignatureDialog';
import { Button, ErrorMessage, Loading, Notice, StateBadge } from '../../components/ui';
import { formatTime } from '../../lib/format';
import { navigate, useLocation } from '../../lib/router';
import { useScanner, type Scan } from '../../lib/scanner';
import { can } from '../../lib/session';
import { ExecContext, type Exec } from './context';
import { HoldClock, useServerNow } from './entries/HoldTimeEntry';
import { actionable, canCompleteBatch, outline, runningHolds } from './model';
import { Outline } from './Outline';
import { StepPanel } from './StepPanel';
import type { ActionAnswer } from './types';
import { batchPath, useBatch } from './useBatch';
import './execute.css';

interface Signing {
  request: SignatureRequest;
  onSign: (signature: SignatureInput) => Promise<void>;
  onCancel: () => void;
}

// A refusal the signer can fix in the dialog (wrong password, not allowed, the same person).
function signatureProblem(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 401 || e.status === 403 || (e.field ?? '').startsWith('signature'));
}

function modalOpen(): boolean {
  return !!document.querySelector('[aria-modal="true"]');
}

function StateBanner({ exec, onStart }: { exec: Exec; onStart: () => void }) {
  const b = exec.batch;
  switch (b.state) {
    case 'created':
      return (
        <Notice kind="warning">
          <span>This batch is not started yet.{can('batch.start') ? '' : ' A supervisor starts it.'}</span>
          {can('batch.start') ? (
            <Button kind="primary" onClick={onStart}>
              Start the batch
            </Button>
          ) : null}
        </Notice>
      );
    case 'on_hold':
      return <Notice kind="warning">On hold{b.hold_reason ? `: ${b.hold_reason}` : ''}. Nothing can be recorded until a supervisor resumes it.</Notice>;
    case 'completed':
      return <Notice kind="success">Completed {formatTime(b.completed_at)}: the batch waits for QA review.</Notice>;
    case 'in_review':
      return <Notice kind="info">In QA review since {formatTime(b.review_started_at)}.</Notice>;
    case 'released':
      return <Notice kind="success">Released {formatTime(b.released_at)}.</Notice>;
    case 'in_progress':
      return null;
    default:
      return <Notice kind="warning">This batch is {b.state.replace('_', ' ')}: nothing more can be recorded.</Notice>;
  }
}

function CompleteBatch({ exec }: { exec: Exec }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function complete() {
    setBusy(true);
    setError(null);
    try {
      await exec.act('/complete', {}, { title: `Sign: complete batch ${exec.batch.number}`, meaning: 'performed', meaningText: 'I completed this batch: every step is done', signer: 'self' });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="step-panel complete-batch" aria-labelledby="complete-title">
      <h2 id="complete-title">All steps are done</h2>
      <p class="instruction">Complete the batch to hand it to QA for review. Open exceptions: {exec.batch.exceptions_open}.</p>
      <ErrorMessage error={error} />
      {can('batch.execute') ? (
        <Button kind="primary" class="btn-large btn-record" busy={busy} onClick={() => void complete()} data-autofocus="">
          Complete the batch and sign
        </Button>
      ) : null}
    </section>
  );
}

function RunningHolds({ exec, shownId, onSelect }: { exec: Exec; shownId: string | null; onSelect: (id: string) => void }) {
  const now = useServerNow();
  const holds = runningHolds(exec.runs).filter((h) => h.run.run_id !== shownId);
  if (holds.length === 0) return null;
  return (
    <ul class="holds" aria-label="Hold times running">
      {holds.map((h) => (
        <li key={h.run.run_id}>
          <button type="button" class="hold-chip" onClick={() => onSelect(h.run.run_id)}>
            Hold time · {h.run.name}: <HoldClock hold={h} now={now} />
          </button>
        </li>
      ))}
    </ul>
  );
}

export default function Execute({ id }: { id: string }) {
  const data = useBatch(id);
  const { params } = useLocation();
  const [selected, setSelected] = useState<string | null>(params.get('run'));
  const [signing, setSigning] = useState<Signing | null>(null);
  const [scanNote, setScanNote] = useState<string | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const scanTarget = useRef<((scan: Scan) => void) | null>(null);

  useScanner((scan) => {
    if (scanTarget.current) {
      setScanNote(null);
      scanTarget.current(scan);
    } else {
      setScanNote(`Scanned “${scan.text}”, but the step on screen takes no scan.`);
    }
  }, () => !modalOpen());

  if (!data.batch) return data.error ? <ErrorMessage error={data.error} /> : <Loading what="Loading the batch" />;

  // After recording a step the screen follows the work to the next one; a comment or a correction
  // on a step opened from the outline keeps it open.
  function done(path: string, answer: ActionAnswer): ActionAnswer {
    data.apply(answer);
    if (!/\/(comments|correct)$/.test(path)) setSelected(null);
    return answer;
  }

  const act: Exec['act'] = (path, body, sign) => {
    const url = batchPath(id) + path;
    if (!sign) return api.post<ActionAnswer>(url, body).then((answer) => done(path, answer));
    return new Promise((resolve, reject) => {
      setSigning({
        request: sign,
        async onSign(signature) {
          try {
            const answer = await api.post<ActionAnswer>(url, { ...body, signature });
            setSigning(null);
            resolve(done(path, answer));
          } catch (e) {
            if (signatureProblem(e)) throw e;
            setSigning(null);
            reject(e);
          }
        },
        onCancel() {
          setSigning(null);
          resolve(null);
        },
      });
    });
  };

  const exec: Exec = { batchId: id, batch: data.batch, runs: data.runs, procedure: data.procedure, act, scanTarget };
  const todo = actionable(data.batch, data.runs);
  const current = data.batch.state === 'in_progress' ? (todo[0] ?? null) : null;
  const shown = data.runs.find((r) => r.run_id === selected) ?? current;
  const following = !shown || shown.run_id === current?.run_id;
  const finishedAll = canCompleteBatch(data.batch, data.runs);
  const b = data.batch;

  async function start() {
    setStartError(null);
    try {
      await act('/start', {});
    } catch (e) {
      setStartError(e);
    }
  }

  return (
    <ExecContext.Provider value={exec}>
      <div class="execute">
        <header class="batch-bar">
          <div class="batch-id">
            <h1>{b.number}</h1>
            <span class="muted">{b.product_name}</span>
          </div>
          <StateBadge state={b.state} />
          <div class="batch-progress">
            <progress max={b.steps_total} value={b.steps_finished} aria-label="Steps finished" />
            <span data-testid="progress">
              {b.steps_finished}/{b.steps_total} steps
            </span>
          </div>
          {b.exceptions_open > 0 ? <span class="badge badge-warning">{b.exceptions_open} open exceptions</span> : null}
        </header>
        <StateBanner exec={exec} onStart={() => void start()} />
        <ErrorMessage error={startError ?? (data.error && data.batch ? data.error : null)} />
        <div class="execute-body">
          {data.procedure ? (
            <Outline tree={outline(data.procedure, data.runs)} currentId={current?.run_id ?? null} selectedId={shown?.run_id ?? null} onSelect={setSelected} />
          ) : (
            <Loading what="Loading the procedure" />
          )}
          <div class="execute-main">
            {scanNote ? (
              <Notice kind="warning">
                <span>{scanNote}</span>
                <button type="button" class="btn btn-ghost" onClick={() => setScanNote(null)}>
                  Dismiss
                </button>
              </Notice>
            ) : null}
            <RunningHolds exec={exec} shownId={shown?.run_id ?? null} onSelect={setSelected} />
            {todo.length > 1 && b.state === 'in_progress' ? (
              <nav class="ready-now" aria-label="Ready now">
                <span class="muted">Ready now:</span>
                {todo.map((r) => (
                  <button key={r.run_id} type="button" class={`chip ${r.run_id === shown?.run_id ? 'chip-on' : ''}`} aria-pressed={r.run_id === shown?.run_id} onClick={() => setSelected(r.run_id)}>
                    {r.name}
                  </button>
                ))}
              </nav>
            ) : null}
            {!following && (current || finishedAll) ? (
              <button type="button" class="btn btn-secondary back-to-current" onClick={() => setSelected(null)}>
                ← {current ? `Back to the step to do now: ${current.name}` : 'Back to completing the batch'}
              </button>
            ) : null}
            {shown ? <StepPanel key={shown.run_id} run={shown} /> : finishedAll ? <CompleteBatch exec={exec} /> : null}
            {!shown && b.state !== 'in_progress' ? <p class="muted">Tap a step in the procedure to see what was recorded.</p> : null}
            {!shown && !finishedAll && b.state === 'in_progress' ? (
              <Notice>
                <span>Nothing is ready now: waiting for a step that becomes due later.</span>
              </Notice>
            ) : null}
            <p class="execute-links">
              <a
                href="/batches"
                onClick={(e) => {
                  e.preventDefault();
                  navigate('/batches');
                }}
              >
                All batches
              </a>
              <Button kind="ghost" onClick={() => void download(`${batchPath(id)}/record.pdf`, `${b.number}-record.pdf`)}>
                The batch record (PDF)
              </Button>
            </p>
          </div>
        </div>
      </div>
      {signing ? <SignatureDialog request={signing.request} onSign={signing.onSign} onCancel={signing.onCancel} /> : null}
    </ExecContext.Provider>
  );
}
