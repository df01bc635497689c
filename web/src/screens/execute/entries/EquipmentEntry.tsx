// Equipment use: scan the asset label (or type its code). The server checks the equipment's
// logbook (clean, calibrated, room cleared for this batch); a refusal says why and what to do. When
// the interlock may be overridden, a person holding equipment.override_interlock can authorise it
// with a reason and their signature.
import { ApiError } from '../../../api/client';
import { ErrorMessage } from '../../../components/ui';
import { scanKind, type Scan } from '../../../lib/scanner';
import { can } from '../../../lib/session';
import { useExec, useScanTarget } from '../context';
import { draftKey, useDraft } from '../drafts';
import { ScanField } from '../fields';
import type { StepRun } from '../types';
import { RecordButton, useRunAction } from './common';

// Each reason the interlock gave, or its one message.
function reasonsOf(e: ApiError): string[] {
  const list = e.details['reasons'];
  if (!Array.isArray(list) || list.length === 0) return [e.message];
  return list.map((r) => (r && typeof r === 'object' && 'message' in r ? String((r as { message: unknown }).message) : String(r)));
}

export function EquipmentEntry({ run }: { run: StepRun }) {
  const { batchId } = useExec();
  const spec = run.step;
  const [draft, update, clear] = useDraft(draftKey(batchId, run.run_id), { code: '', source: 'scanned', reason: '' });
  const { error, setError, busy, act } = useRunAction(run);
  const refusal = error instanceof ApiError && error.status === 409 && typeof error.details['reason'] === 'string' ? error : null;
  const overridable = refusal?.details['overridable'] === true;
  const reasonId = `override-${run.run_id}`;

  async function use(code: string, source: string) {
    update({ code, source });
    if (await act({ value: code, source })) clear();
  }

  function onScan(scan: Scan) {
    if (scan.kind === 'gs1') {
      setError(new Error(`That is a material label, not equipment. Scan the asset label of the ${spec.equipment_class}.`));
      return;
    }
    void use(scan.text, scan.via === 'burst' ? 'scanned' : 'manual');
  }
  useScanTarget(onScan);

  async function override() {
    if (!draft.reason.trim()) {
      document.getElementById(reasonId)?.focus();
      return;
    }
    const ok = await act(
      { value: draft.code, source: draft.source, manual_override: true, comment: draft.reason.trim() },
      {
        title: `Sign: use ${draft.code} despite the interlock`,
        meaning: 'performed',
        meaningText: 'I authorise using this equipment although the interlock refused it',
        signer: can('equipment.override_interlock') ? 'self' : 'other',
        summary: `${refusal?.message ?? ''} Reason: ${draft.reason.trim()}. Needs a person allowed to override interlocks (equipment.override_interlock), e.g. the supervisor.`,
      },
    );
    if (ok) clear();
  }

  return (
    <div class="entry-form">
      <ScanField
        id={`equipment-${run.run_id}`}
        label={`Scan the ${spec.equipment_class ?? 'equipment'} asset label`}
        hint="Or type the equipment code and press Enter."
        busy={busy}
        onSubmit={(text) => onScan({ text, kind: scanKind(text), via: 'field' })}
      />
      {draft.code ? (
        <p class="scanned" data-testid="scanned-equipment">
          Equipment: <strong>{draft.code}</strong>
        </p>
      ) : null}
      {refusal ? (
        <div class="interlock" data-testid="interlock">
          <div class="alert alert-error" role="alert">
            <div>
              <strong>{draft.code} may not be used now.</strong>
              <ul>
                {reasonsOf(refusal).map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
              Put it right and check again{overridable ? ', or have the interlock overridden' : ''}.
            </div>
          </div>
          <RecordButton busy={busy} onClick={() => void use(draft.code, draft.source)}>
            Check again
          </RecordButton>
          {overridable ? (
            <fieldset class="override">
              <legend>Override the interlock</legend>
              <p class="muted">Only when the reason is understood and documented: a person with the permission to override interlocks signs, and QA reviews it as a major exception.</p>
              <label for={reasonId}>Reason (required)</label>
              <textarea id={reasonId} rows={2} value={draft.reason} onInput={(e) => update({ reason: (e.target as HTMLTextAreaElement).value })} />
              <button type="button" class="btn btn-danger btn-large" disabled={busy} onClick={() => void override()}>
                Override and sign
              </button>
            </fieldset>
          ) : null}
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
    </div>
  );
}
