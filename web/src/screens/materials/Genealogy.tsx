// A lot's genealogy as a graph: backward (what it was made from) or forward (what it went into,
// the recall scope). Drawn in SVG, layered left to right as the material flows; lots are
// rectangles, batches hexagons; each node a focusable button. Choosing one highlights every way
// from the start to it and shows it in the side panel, with a link to the lot or the batch.
// Export CSV or PDF of the same trace.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, download, query } from '../../api/client';
import { Button, ErrorMessage, Loading } from '../../components/ui';
import { useLiveEvents } from '../../lib/events';
import { humanize } from '../../lib/format';
import { navigate, useLocation } from '../../lib/router';
import { layoutGenealogy, mergeEdges, nodeQuantity, pathTo, shortestPath, type Layout, type Link as GLink } from './genealogy';
import { formatNumber, splitLabel } from './model';
import { ExpiryText, Link, lotPath, LotStatusBadge } from './parts';
import type { BatchSummary } from '../../api/types';
import type { Direction, Genealogy as Trace, Lot } from './types';

export function Genealogy({ id }: { id: string }) {
  const { params } = useLocation();
  const direction: Direction = params.get('direction') === 'forward' ? 'forward' : 'backward';
  const [trace, setTrace] = useState<Trace | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    setTrace(null);
    setError(null);
    setSelected(null);
    api
      .get<Trace>(`/api/v1/lots/${encodeURIComponent(id)}/genealogy${query({ direction, format: 'json' })}`)
      .then((t) => live && setTrace(t))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id, direction, tick]);
  useLiveEvents(['material.dispensed', 'material.lot_produced', 'material.transferred'], () => setTick((t) => t + 1));

  const links = useMemo(() => (trace ? mergeEdges(trace.edges) : []), [trace]);
  const layout = useMemo(() => (trace ? layoutGenealogy(trace.nodes, links, direction) : null), [trace, links, direction]);
  const start = trace ? splitLabel(trace.start.label).number : id;

  async function exportAs(format: 'csv' | 'pdf') {
    setExporting(format);
    setExportError(null);
    try {
      await download(`/api/v1/lots/${encodeURIComponent(id)}/genealogy${query({ direction, format })}`, `${start}-${direction}.${format}`);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(null);
    }
  }

  const setDirection = (d: Direction) => navigate(`/materials/lots/${encodeURIComponent(id)}/genealogy?direction=${d}`, true);

  return (
    <section aria-labelledby="gen-title" class="mat-genealogy">
      <div class="page-header">
        <div>
          <h1 id="gen-title">Genealogy of lot {start}</h1>
          <p class="mat-subtitle">
            {direction === 'backward'
              ? 'Backward: everything this lot was made from.'
              : 'Forward: everything this lot went into (the scope of a recall).'}{' '}
            <Link to={lotPath(start)}>Back to the lot</Link>
          </p>
        </div>
        <div class="page-actions">
          <div class="mat-toggle" role="group" aria-label="Direction">
            <Button kind={direction === 'backward' ? 'primary' : 'secondary'} aria-pressed={direction === 'backward'} onClick={() => setDirection('backward')}>
              ← Backward
            </Button>
            <Button kind={direction === 'forward' ? 'primary' : 'secondary'} aria-pressed={direction === 'forward'} onClick={() => setDirection('forward')}>
              Forward →
            </Button>
          </div>
          <Button onClick={() => exportAs('csv')} busy={exporting === 'csv'} disabled={!trace}>
            Export CSV
          </Button>
          <Button onClick={() => exportAs('pdf')} busy={exporting === 'pdf'} disabled={!trace}>
            Export PDF
          </Button>
        </div>
      </div>
      <ErrorMessage error={exportError} onDismiss={() => setExportError(null)} />
      <ErrorMessage error={error} />
      {!trace && !error ? <Loading what="Tracing" /> : null}
      {trace && layout ? (
        <>
          <p class="muted" data-testid="gen-summary">
            {countText(trace)}
            {trace.paths_truncated ? ' The list of paths was cut short; the graph shows every node and edge.' : ''} Choose a node to see
            the way to it.
          </p>
          <div class="mat-gen-body">
            <Graph trace={trace} layout={layout} links={links} direction={direction} selected={selected} onSelect={setSelected} />
            <NodePanel trace={trace} links={links} direction={direction} selected={selected} layout={layout} />
          </div>
        </>
      ) : null}
    </section>
  );
}

function countText(t: Trace): string {
  const lots = t.nodes.filter((n) => n.kind === 'lot').length;
  const batches = t.nodes.length - lots;
  const p = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `${p(lots, 'lot', 'lots')} and ${p(batches, 'batch', 'batches')}.`;
}

function hexagon(x: number, y: number, w: number, h: number): string {
  const c = 18;
  return `${x + c},${y} ${x + w - c},${y} ${x + w},${y + h / 2} ${x + w - c},${y + h} ${x + c},${y + h} ${x},${y + h / 2}`;
}

function Graph({
  trace,
  layout,
  links,
  direction,
  selected,
  onSelect,
}: {
  trace: Trace;
  layout: Layout;
  links: GLink[];
  direction: Direction;
  selected: number | null;
  onSelect: (i: number) => void;
}) {
  const highlight = useMemo(
    () => (selected === null ? null : pathTo(trace.nodes.length, links, direction, selected)),
    [trace, links, direction, selected],
  );
  const { nodeWidth: w, nodeHeight: h } = layout;
  return (
    <div class="mat-graph-scroll">
      <svg
        class="mat-graph"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="group"
        aria-label={`Genealogy graph, ${direction}`}
      >
        <defs>
          <marker id="mat-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#4f5b66" />
          </marker>
          <marker id="mat-arrow-on" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#0b5cad" />
          </marker>
        </defs>
        <g aria-hidden="true">
          {layout.links.map((l) => {
            const on = highlight?.links.has(l.key) ?? false;
            return (
              <g key={l.key} class={`mat-edge${on ? ' mat-on' : ''}${highlight && !on ? ' mat-dim' : ''}`} data-edge={l.key}>
                <path d={l.path} marker-end={on ? 'url(#mat-arrow-on)' : 'url(#mat-arrow)'} />
                <text x={l.labelX} y={l.labelY} text-anchor={l.labelAnchor}>
                  {formatNumber(l.quantity)} {l.unit}
                  {l.count > 1 ? ` (${l.count}×)` : ''}
                </text>
              </g>
            );
          })}
        </g>
        {layout.nodes.map((p) => {
          const n = trace.nodes[p.index];
          const { number, code } = splitLabel(n.label);
          const on = highlight?.nodes.has(p.index) ?? false;
          const qty = nodeQuantity(p.index, links, direction, (i) => layout.nodes[i].layer);
          const label = `${n.kind === 'lot' ? 'Lot' : 'Batch'} ${number}, ${code}${qty ? `, ${qty}` : ''}${p.index === 0 ? ', the start' : ''}`;
          const cls = `mat-node mat-node-${n.kind}${on ? ' mat-on' : ''}${highlight && !on ? ' mat-dim' : ''}${selected === p.index ? ' mat-selected' : ''}${p.index === 0 ? ' mat-start' : ''}`;
          return (
            <g
              key={p.index}
              class={cls}
              role="button"
              tabindex={0}
              aria-label={label}
              aria-pressed={selected === p.index}
              data-node={number}
              data-kind={n.kind}
              data-on={on ? 'true' : undefined}
              onClick={() => onSelect(p.index)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(p.index);
                }
              }}
            >
              {n.kind === 'lot' ? (
                <rect x={p.x} y={p.y} width={w} height={h} rx={6} />
              ) : (
                <polygon points={hexagon(p.x, p.y, w, h)} />
              )}
              <text x={p.x + w / 2} y={p.y + 23} text-anchor="middle" class="mat-node-title">
                {n.kind === 'batch' ? '⬡ ' : ''}
                {number}
              </text>
              <text x={p.x + w / 2} y={p.y + 44} text-anchor="middle">
                {code}
              </text>
              <text x={p.x + w / 2} y={p.y + 63} text-anchor="middle" class="mat-node-qty">
                {qty}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function NodePanel({
  trace,
  links,
  direction,
  selected,
  layout,
}: {
  trace: Trace;
  links: GLink[];
  direction: Direction;
  selected: number | null;
  layout: Layout;
}) {
  const [lot, setLot] = useState<Lot | null>(null);
  const [batch, setBatch] = useState<BatchSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const node = selected === null ? null : trace.nodes[selected];
  useEffect(() => {
    setLot(null);
    setBatch(null);
    setError(null);
    if (!node) return;
    let live = true;
    const path = node.kind === 'lot' ? `/api/v1/lots/${encodeURIComponent(node.id)}` : `/api/v1/batches/${encodeURIComponent(node.id)}`;
    api
      .get<Lot & BatchSummary>(path)
      .then((r) => {
        if (!live) return;
        if (node.kind === 'lot') setLot(r);
        else setBatch(r);
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [node?.id, node?.kind]);

  if (!node || selected === null) {
    return (
      <aside class="card mat-node-panel" aria-label="Selected node">
        <h2>No node chosen</h2>
        <p class="muted">Choose a lot or a batch in the graph (tap, or Tab then Enter) to highlight the way to it and see it here.</p>
      </aside>
    );
  }
  const way = shortestPath(trace.nodes.length, links, direction, selected);
  const { number, code } = splitLabel(node.label);
  const qty = nodeQuantity(selected, links, direction, (i) => layout.nodes[i].layer);
  return (
    <aside class="card mat-node-panel" aria-label="Selected node" data-testid="node-panel" aria-live="polite">
      <h2>
        {node.kind === 'lot' ? 'Lot' : 'Batch'} {number}
      </h2>
      <dl class="facts">
        <dt>{node.kind === 'lot' ? 'Item' : 'Product'}</dt>
        <dd>
          {code}
          {lot ? ` — ${lot.item_name}` : batch ? ` — ${batch.product_name}` : ''}
        </dd>
        <dt>Steps from the start</dt>
        <dd>{node.depth}</dd>
        {qty && selected !== 0 ? (
          <>
            <dt>{direction === 'backward' ? 'Went into the next step' : 'Came from the step before'}</dt>
            <dd>{qty}</dd>
          </>
        ) : null}
        {lot ? (
          <>
            <dt>Status</dt>
            <dd>
              <LotStatusBadge status={lot.effective_status} />
            </dd>
            <dt>Quantity now</dt>
            <dd>
              {formatNumber(lot.quantity)} {lot.unit}
            </dd>
            <dt>Expiry</dt>
            <dd>
              <ExpiryText expiry={lot.expiry} />
            </dd>
          </>
        ) : null}
        {batch ? (
          <>
            <dt>State</dt>
            <dd>{humanize(batch.state)}</dd>
          </>
        ) : null}
      </dl>
      <ErrorMessage error={error} />
      {way.length > 0 ? (
        <>
          <h3>The way from the start</h3>
          <ol class="mat-way" data-testid="node-way">
            {way.map((i) => (
              <li key={i}>
                {trace.nodes[i].kind === 'lot' ? 'Lot' : 'Batch'} {splitLabel(trace.nodes[i].label).number}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <p>
        {node.kind === 'lot' ? (
          <Link to={lotPath(number)} class="btn btn-secondary">
            Open lot {number}
          </Link>
        ) : (
          <Link to={`/batches/${encodeURIComponent(number)}`} class="btn btn-secondary">
            Open batch {number}
          </Link>
        )}
      </p>
    </aside>
  );
}
