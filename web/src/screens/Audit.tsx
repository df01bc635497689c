// The audit trail viewer (audit.read): chain verification, filters kept in the address (so a
// filtered view can be linked and survives a reload), pages of entries by cursor, and a CSV
// export of exactly the current filter.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, download, serverNow } from '../api/client';
import type { Page } from '../api/types';
import { Button, ErrorMessage, Loading, Notice, PageHeader } from '../components/ui';
import { navigate, useLocation } from '../lib/router';
import { AuditEntry } from './audit/AuditEntry';
import { ActiveFilters, AuditFilters } from './audit/AuditFilters';
import { ChainStatus } from './audit/ChainStatus';
import { csvQuery, filterFromParams, filterQuery, isFiltered, pageQuery, PAGE_SIZE, CSV_LIMIT, type AuditFilter, type AuditRecord } from './audit/model';
import './audit/audit.css';

function exportName(): string {
  const t = serverNow().toISOString();
  return `audit-trail-${t.slice(0, 10)}-${t.slice(11, 16).replace(':', '')}Z.csv`;
}

export default function Audit() {
  const { params } = useLocation();
  const filter = filterFromParams(params);
  const key = filterQuery(filter);
  // Cursors of the pages before the one asked for (the first page has none), for this filter.
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key, cursors: [] });
  const cursors = paging.key === key ? paging.cursors : [];
  // The page shown and its number (1 = newest, or oldest first as ordered).
  const [shown, setShown] = useState<{ page: Page<AuditRecord>; number: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const cursor = cursors.length ? cursors[cursors.length - 1] : undefined;

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    api
      .get<Page<AuditRecord>>(`/api/v1/audit${pageQuery(filter, cursor)}`, { signal: ctl.signal })
      .then((p) => setShown({ page: p, number: cursors.length + 1 }))
      .catch((e) => {
        if ((e as Error).name !== 'AbortError') setError(e);
      })
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [key, cursor]);

  function apply(f: AuditFilter) {
    navigate(`/audit${filterQuery(f)}`);
  }

  function turn(next: string[]) {
    setPaging({ key, cursors: next });
    resultsHeading.current?.focus();
  }

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      await download(`/api/v1/audit${csvQuery(filter)}`, exportName());
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  }

  const page = shown?.page ?? null;
  const items = page?.items ?? [];
  const pageNumber = shown?.number ?? 1;
  const userName = filter.user ? items.find((r) => r.actor.id === filter.user)?.actor.printed_name : undefined;
  return (
    <div class="audit-screen">
      <PageHeader title="Audit trail">
        <Button onClick={() => void exportCsv()} busy={exporting}>
          Export CSV{isFiltered(filter) ? ' (this filter)' : ''}
        </Button>
      </PageHeader>
      <ErrorMessage error={exportError} onDismiss={() => setExportError(null)} />
      <p class="muted small">
        The export holds every entry matching the filter, in the order chosen, up to {CSV_LIMIT.toLocaleString('en-GB')} entries (narrow the time range
        for more).
      </p>
      <ChainStatus />
      <AuditFilters filter={filter} seen={items} onApply={apply} />
      <h2 ref={resultsHeading} tabIndex={-1} class="results-heading">
        Entries
        {items.length > 0 ? (
          <span class="muted small" data-testid="page-info">
            {' '}
            · page {pageNumber} · #{items[0].seq} to #{items[items.length - 1].seq}
          </span>
        ) : null}
      </h2>
      <ActiveFilters filter={filter} userName={userName} onApply={apply} />
      <ErrorMessage error={error} />
      {loading && !page ? <Loading what="Reading the trail" /> : null}
      {page && items.length === 0 && !loading ? (
        <Notice>{pageNumber > 1 ? 'No more entries for this filter.' : 'No entries match this filter.'}</Notice>
      ) : null}
      <div class={`audit-list ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {items.map((r) => (
          <AuditEntry key={r.seq} entry={r} onFilter={(f) => apply({ ...filter, ...f })} />
        ))}
      </div>
      <nav class="pager" aria-label="Pages of entries">
        <Button onClick={() => turn([])} disabled={cursors.length === 0 || loading}>
          First page
        </Button>
        <Button onClick={() => turn(cursors.slice(0, -1))} disabled={cursors.length === 0 || loading}>
          Previous page
        </Button>
        <span class="muted">
          Page {pageNumber} · {PAGE_SIZE} per page
        </span>
        <Button kind="primary" onClick={() => page?.next_cursor && turn([...cursors, page.next_cursor])} disabled={!page?.next_cursor || loading}>
          Next page
        </Button>
      </nav>
      {page && !page.next_cursor && items.length > 0 ? <p class="muted">End of the trail for this filter.</p> : null}
    </div>
  );
}
