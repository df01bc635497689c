// Small shared pieces: every screen uses these so touch targets, errors and busy states look and
// behave the same everywhere.
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { ApiError } from '../api/client';
import { humanize } from '../lib/format';

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  kind?: 'primary' | 'secondary' | 'danger' | 'ghost';
  busy?: boolean;
  disabled?: boolean;
  type?: 'button' | 'submit';
};

export function Button({ kind = 'secondary', busy, disabled, type = 'button', children, ...rest }: ButtonProps) {
  return (
    <button {...rest} type={type} class={`btn btn-${kind} ${rest.class ?? ''}`} disabled={disabled || busy} aria-busy={busy}>
      {busy ? <span class="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

// The server's message, which says what to do; the request id when there is one to quote.
export function ErrorMessage({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const message = e ? e.message : error instanceof Error ? error.message : String(error);
  const reasons = e && Array.isArray(e.details['reasons']) ? (e.details['reasons'] as unknown[]) : [];
  return (
    <div class="alert alert-error" role="alert">
      <div>
        <strong>{e && e.status === 403 ? 'Not permitted. ' : ''}</strong>
        {message}
        {reasons.length > 1 ? (
          <ul>
            {reasons.map((r, i) => (
              <li key={i}>{typeof r === 'object' && r && 'message' in r ? String((r as { message: unknown }).message) : String(r)}</li>
            ))}
          </ul>
        ) : null}
        {e && e.status >= 500 && e.requestId ? <div class="muted">Request {e.requestId}</div> : null}
      </div>
      {onDismiss ? (
        <button type="button" class="btn btn-ghost" onClick={onDismiss} aria-label="Dismiss">
          ✕
        </button>
      ) : null}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${kind}`} role="status">
      {children}
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="muted" role="status">
      <span class="spinner" aria-hidden="true" /> {what}…
    </p>
  );
}

export function StateBadge({ state }: { state: string }) {
  return <span class={`badge badge-${state}`}>{humanize(state)}</span>;
}

export function PageHeader({ title, children }: { title: ComponentChildren; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <h1>{title}</h1>
      {children ? <div class="page-actions">{children}</div> : null}
    </div>
  );
}

let fieldIds = 0;
export function nextId(prefix = 'f'): string {
  fieldIds += 1;
  return `${prefix}-${fieldIds}`;
}
