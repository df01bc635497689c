// The signed lifecycle of one recipe version: the buttons its state and the user's permissions
// allow (submit, approve, reject, make effective, retire), each through the shared signature
// dialog, and "New draft" (a draft copy) for authors. The server decides; a refusal (validation
// problems, the author approving their own version, a stale version) keeps the dialog open with
// its message. Used by the recipe detail screen and the MBR builder.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { SignatureInput } from '../../api/types';
import { SignatureDialog, type SignatureRequest } from '../../components/SignatureDialog';
import { Button, ErrorMessage } from '../../components/ui';
import { navigate } from '../../lib/router';
import { me } from '../../lib/session';
import { useStore } from '../../lib/store';
import { allowedActions, type LifecycleActionSpec } from './model';
import type { VersionView } from './types';

export function LifecycleActions({
  recipeId,
  version,
  onChanged,
}: {
  recipeId: string;
  version: VersionView;
  onChanged: (v: VersionView) => void;
}) {
  const user = useStore(me);
  const [action, setAction] = useState<LifecycleActionSpec | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const allowed = allowedActions({
    state: version.state,
    permissions: user?.permissions ?? [],
    userId: user?.id,
    authors: version.authors,
  });
  const base = `/api/v1/recipes/${encodeURIComponent(recipeId)}/versions/${version.number}`;
  const what = `Version ${version.number} of ${version.product_code} (${version.product_name}), ${version.site}`;

  async function sign(signature: SignatureInput) {
    if (!action) return;
    const body: Record<string, unknown> = { signature };
    if (action.reason) body['reason'] = signature.comment ?? '';
    const answer = await api.post<VersionView>(`${base}/${action.path}`, body, { ifMatch: version.version });
    setAction(null);
    setError(null);
    // The action answers without the content; the full version keeps the builder's document whole.
    let next: VersionView = { ...version, ...answer, content: version.content };
    try {
      next = await api.get<VersionView>(base);
    } catch {
      /* the answer is enough to show the new state */
    }
    onChanged(next);
  }

  async function newDraft() {
    setCreating(true);
    setError(null);
    try {
      const v = await api.post<VersionView>(`/api/v1/recipes/${encodeURIComponent(recipeId)}/versions`, { from: version.number });
      navigate(`/recipes/${encodeURIComponent(recipeId)}/versions/${v.number}`);
    } catch (e) {
      setError(e);
    } finally {
      setCreating(false);
    }
  }

  // A rejected version is not submitted as it is: its next edit returns it to draft.
  const rejectedHint = version.state === 'rejected' && (user?.permissions ?? []).includes('recipe.author');
  if (allowed.actions.length === 0 && !allowed.newDraft && !allowed.ownVersion && !rejectedHint) return null;

  const request: SignatureRequest | null = action
    ? {
        title: `${action.label}: version ${version.number} of ${version.product_code}`,
        meaning: action.meaning,
        meaningText: action.meaningText,
        signer: 'self',
        summary: what,
        ...(action.reason ? { askComment: true, commentLabel: action.reason, commentRequired: true } : {}),
      }
    : null;

  return (
    <div class="rc-lifecycle" data-testid={`lifecycle-${version.number}`}>
      <div class="rc-lifecycle-buttons">
        {allowed.actions.map((a) => (
          <Button
            key={a.id}
            kind={a.kind}
            onClick={() => {
              setError(null);
              setAction(a);
            }}
            aria-label={`${a.label} version ${version.number}`}
          >
            {a.label}
          </Button>
        ))}
        {allowed.newDraft ? (
          <Button busy={creating} onClick={newDraft} aria-label={`New draft from version ${version.number}`}>
            New draft
          </Button>
        ) : null}
      </div>
      {allowed.ownVersion ? (
        <p class="muted small rc-own" data-testid="own-version">
          You authored or edited this version, so another person with the permission to approve must approve or reject it.
        </p>
      ) : null}
      {rejectedHint ? (
        <p class="muted small rc-own" data-testid="rejected-hint">
          Rejected: open it and make the changes asked for; it returns to draft and can be submitted again.
        </p>
      ) : null}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
      {request ? (
        <SignatureDialog
          request={request}
          onSign={async (s) => {
            try {
              await sign(s);
            } catch (e) {
              if (e instanceof ApiError && e.status === 409 && e.code === 'conflict') {
                // Someone else changed it: show its state now behind the dialog.
                try {
                  onChanged(await api.get<VersionView>(base));
                } catch {
                  /* keep what is shown */
                }
              }
              throw e;
            }
          }}
          onCancel={() => setAction(null)}
        />
      ) : null}
    </div>
  );
}
