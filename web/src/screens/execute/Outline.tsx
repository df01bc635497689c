// The procedure as an outline: unit procedures (with their progress) → operations → steps, each
// with its state; the step to do now is marked, and any step can be tapped to see it (a done
// step shows its entry). Unit procedures open and close; the current one is always open.
import { useEffect, useRef, useState } from 'preact/hooks';
import { awaitingWitness, stateLabel, type OutlineUnitProcedure } from './model';
import type { StepRun } from './types';

const ICON: Record<string, string> = { done: '✓', ready: '●', in_progress: '◐', pending: '○', not_applicable: '–', witness: '◐' };

function StepButton({ run, name, current, selected, onSelect }: { run: StepRun; name: string; current: boolean; selected: boolean; onSelect: (id: string) => void }) {
  const kind = awaitingWitness(run) ? 'witness' : run.state;
  return (
    <li>
      <button
        type="button"
        class={`outline-step state-${kind} ${current ? 'is-current' : ''} ${selected ? 'is-selected' : ''}`}
        aria-current={current ? 'step' : undefined}
        aria-pressed={selected}
        onClick={() => onSelect(run.run_id)}
        data-testid="outline-step"
        data-run={run.run_id}
      >
        <span class="outline-icon" aria-hidden="true">
          {ICON[kind]}
        </span>
        <span class="outline-name">
          {name}
          {run.occurrence > 1 ? ` #${run.occurrence}` : ''}
        </span>
        <span class="sr-only">, {stateLabel(run.state, run)}</span>
      </button>
    </li>
  );
}

export function Outline({
  tree,
  currentId,
  selectedId,
  onSelect,
}: {
  tree: OutlineUnitProcedure[];
  currentId: string | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const upOf = (id: string | null) => tree.find((up) => up.operations.some((op) => op.steps.some((s) => s.runs.some((r) => r.run_id === id))))?.key;
  const [open, setOpen] = useState<Set<string>>(() => new Set([upOf(currentId), upOf(selectedId)].filter((k): k is string => !!k)));
  const root = useRef<HTMLElement>(null);

  // The unit procedure of the current and the selected step opens by itself.
  useEffect(() => {
    const keys = [upOf(currentId), upOf(selectedId)].filter((k): k is string => !!k && !open.has(k));
    if (keys.length) setOpen(new Set([...open, ...keys]));
  }, [currentId, selectedId]);
  // The marked step scrolled into the outline's own view (the page itself stays where it is).
  useEffect(() => {
    const nav = root.current;
    const item = nav?.querySelector<HTMLElement>('.is-selected') ?? nav?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!nav || !item) return;
    const top = item.getBoundingClientRect().top - nav.getBoundingClientRect().top + nav.scrollTop;
    if (top < nav.scrollTop || top + item.offsetHeight > nav.scrollTop + nav.clientHeight) {
      nav.scrollTop = Math.max(0, top - nav.clientHeight / 3);
    }
  }, [currentId, selectedId, open]);

  function toggle(key: string) {
    const next = new Set(open);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setOpen(next);
  }

  return (
    <nav class="outline" aria-label="Procedure" ref={root}>
      <h2 class="outline-title">Procedure</h2>
      <ol class="outline-ups">
        {tree.map((up) => {
          const expanded = open.has(up.key);
          const finished = up.total > 0 && up.finished === up.total;
          return (
            <li key={up.key} class={`outline-up ${finished ? 'up-finished' : ''}`}>
              <button type="button" class="outline-up-toggle" aria-expanded={expanded} onClick={() => toggle(up.key)}>
                <span aria-hidden="true" class="chevron">
                  {expanded ? '▾' : '▸'}
                </span>
                <span class="outline-name">{up.name}</span>
                <span class="outline-count">
                  {up.finished}/{up.total}
                </span>
              </button>
              {expanded ? (
                <ol class="outline-ops">
                  {up.operations.map((op) => (
                    <li key={op.key}>
                      <span class="outline-op">{op.name}</span>
                      <ol class="outline-steps">
                        {op.steps.flatMap((s) =>
                          s.runs.map((r) => (
                            <StepButton key={r.run_id} run={r} name={s.name} current={r.run_id === currentId} selected={r.run_id === selectedId} onSelect={onSelect} />
                          )),
                        )}
                      </ol>
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
