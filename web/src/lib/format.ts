// How times, quantities and states read on screen. Times are shown in the browser's zone with the
// zone's name, from server-issued RFC 3339 strings.

export function formatTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
    timeZoneName: 'short',
  });
}

export function formatClock(d: Date): string {
  return d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
}

export function formatQuantity(q: { value: number; unit: string } | null | undefined): string {
  if (!q) return '—';
  return `${q.value.toLocaleString('en-GB', { maximumFractionDigits: 6 })} ${q.unit}`;
}

// "in_review" → "In review".
export function humanize(s: string | null | undefined): string {
  if (!s) return '';
  const t = s.replace(/[_.]/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

// 3725 s → "1 h 02 min"; 59 s → "59 s"; negative → "overdue by …".
export function formatDuration(seconds: number): string {
  const neg = seconds < 0;
  let s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  let out: string;
  if (d > 0) out = `${d} d ${h} h`;
  else if (h > 0) out = `${h} h ${String(m).padStart(2, '0')} min`;
  else if (m > 0) out = `${m} min ${String(s).padStart(2, '0')} s`;
  else out = `${s} s`;
  return neg ? `overdue by ${out}` : out;
}
