// Small pieces the materials screens share: a lot's status (colour, symbol AND words), its expiry
// as a sentence, and links inside the area.
import type { ComponentChildren } from 'preact';
import { serverNow } from '../../api/client';
import { navigate } from '../../lib/router';
import { expiryWording, retestWording, statusInfo, utcDate } from './model';

export function LotStatusBadge({ status }: { status: string }) {
  const s = statusInfo(status);
  return (
    <span class={`mat-status mat-tone-${s.tone}`} data-status={status}>
      <span aria-hidden="true">{s.symbol}</span> {s.label}
    </span>
  );
}

export function today(): string {
  return utcDate(serverNow());
}

export function ExpiryText({ expiry }: { expiry: string | null }) {
  const w = expiryWording(expiry, today());
  return <span class={`mat-date mat-date-${w.tone}`}>{w.text}</span>;
}

export function RetestText({ retest }: { retest: string | null }) {
  const w = retestWording(retest, today());
  return <span class={`mat-date mat-date-${w.tone}`}>{w.text}</span>;
}

// An in-app link: a real href (open in a new tab works), navigation without a reload.
export function Link({ to, children, class: cls, label, current }: { to: string; children: ComponentChildren; class?: string; label?: string; current?: boolean }) {
  return (
    <a
      href={to}
      class={cls}
      aria-label={label}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

export const lotPath = (lot: { lot_number: string } | string) =>
  `/materials/lots/${encodeURIComponent(typeof lot === 'string' ? lot : lot.lot_number)}`;
