// Release or reject a batch, signed (21 CFR 11.50: printed name, meaning, time), by a holder of
// batch.release. While the server lists release blockers the button says why it cannot release
// yet and what would clear each blocker; once closed, the release or rejection signature.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { SignatureInput } from '../../api/types';
import { SignatureDialog, type SignatureRequest } from '../../components/SignatureDialog';
import { Button, Notice } from '../../components/ui';
import { formatQuantity } from '../../lib/format';
import { can } from '../../lib/session';
import { awaitingReview, escalations, exceptionSummary, releaseView } from './exceptions';
import { SignatureLine } from './RunDetails';
import type { BatchException, Blocker, Manifestation, ReviewBatch } from './types';

type Action = 'release' | 'reject';

function closingSignature(batch: ReviewBatch, meaning: string): Manifestation | undefined {
  const sigs = (batch.signatures ?? []) as unknown as Manifestation[];
  return sigs.filter((s) => s.meaning === meaning).pop();
}

export function ReleasePanel({
  batch,
  blockers,
  exceptions,
  onChanged,
}: {
  batch: ReviewBatch;
  blockers: Blocker[];
  exceptions: BatchException[];
  onChanged: () => void;
}) {
  const [action, setAction] = useState<Action | null>(null);
  const canRelease = can('batch.release');
  const view = releaseView(batch.state, blockers, canRelease, batch.number);

  if (batch.state === 'released' || batch.state === 'rejected') {
    const sig = closingSignature(batch, batch.state);
    return (
      <section class="card rv-release" aria-labelledby="rv-release-h" data-testid="release-panel">
        <h2 id="rv-release-h" tabIndex={-1}>{batch.state === 'released' ? 'Released' : 'Rejected'}</h2>
        <Notice kind={batch.state === 'released' ? 'success' : 'warning'}>
          <div>
            <strong>
              Batch {batch.number} is {batch.state}.
            </strong>
            {sig ? (
              <div>
                <SignatureLine sig={sig} />
              </div>
            ) : null}
            {batch.reject_reason ? <div>Reason: “{batch.reject_reason}”</div> : null}
          </div>
        </Notice>
      </section>
    );
  }

  const summary = `${batch.product_name}, batch ${batch.number}, ${formatQuantity(batch.batch_size)}; ${exceptionSummary(exceptions)}.`;
  const deviations = escalations(exceptions);
  const requests: Record<Action, SignatureRequest> = {
    release: {
      title: `Release batch ${batch.number}`,
      meaning: 'released',
      meaningText: 'I release this batch: it was made and checked as its record requires',
      signer: 'self',
      summary,
    },
    reject: {
      title: `Reject batch ${batch.number}`,
      meaning: 'rejected',
      meaningText: 'I reject this batch: it must not be used',
      signer: 'self',
      summary,
      askComment: true,
      commentLabel: 'Reason for rejection',
      commentRequired: true,
    },
  };

  async function sign(signature: SignatureInput) {
    const { comment, ...sig } = signature;
    try {
      if (action === 'release') await api.post(`/api/v1/batches/${batch.id}/release`, { signature: sig });
      else await api.post(`/api/v1/batches/${batch.id}/reject`, { reason: comment ?? '', signature: sig });
    } catch (e) {
      // A refusal for the batch's state or blockers: show the current ones behind the dialog.
      if (e instanceof ApiError && (e.status === 409 || e.status === 403)) onChanged();
      throw e;
    }
    setAction(null);
    onChanged();
  }

  return (
    <section class="card rv-release" aria-labelledby="rv-release-h" data-testid="release-panel">
      <h2 id="rv-release-h" tabIndex={-1}>Release</h2>
      {view.reasons.length > 0 ? (
        <div class="alert alert-warning" role="status" data-testid="release-blockers">
          <div>
            <strong>Not releasable yet:</strong>
            <ul>
              {view.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : awaitingReview(batch.state) ? (
        <p>Every exception has a disposition: nothing blocks release.</p>
      ) : null}
      {deviations.length > 0 && awaitingReview(batch.state) ? (
        <Notice kind="warning">
          Escalated to {deviations.length === 1 ? 'the deviation' : 'the deviations'} {deviations.join(', ')}. Release only when{' '}
          {deviations.length === 1 ? 'its' : 'their'} outcome allows it; the release itself does not check {deviations.length === 1 ? 'it' : 'them'}.
        </Notice>
      ) : null}
      {view.show ? (
        <div class="rv-release-actions">
          <Button kind="primary" class="btn-large" disabled={!view.enabled} onClick={() => setAction('release')}>
            {view.label}
          </Button>
          {awaitingReview(batch.state) ? (
            <Button kind="danger" onClick={() => setAction('reject')}>
              Reject batch…
            </Button>
          ) : null}
        </div>
      ) : (
        <p class="muted">Release and rejection are signed by a qualified person (permission batch.release).</p>
      )}
      {action ? <SignatureDialog request={requests[action]} onSign={sign} onCancel={() => setAction(null)} /> : null}
    </section>
  );
}
