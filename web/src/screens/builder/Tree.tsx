// The left side of the builder: the recipe's header, formula and equipment requirements, then the
// procedure (unit procedures → operations → steps). Nodes are reordered by drag and drop or, on
// the selected node, by "Move up" / "Move down" / "Move to…" and Alt+ArrowUp/Down; every move is
// announced in the live region.
import { useState } from 'preact/hooks';
import { STEP_INFO, type RecipeDocument } from './document';
import { dropOn, moveBy, moveTargets, pathId, samePath, type Moved, type NodePath, type TreePath } from './tree';
import { countAt, type Problem } from './validation';

export interface TreeProps {
  doc: RecipeDocument;
  selected: NodePath;
  problems: Problem[];
  readOnly: boolean;
  onSelect: (p: NodePath) => void;
  // A structural change (move, duplicate, delete) with the node to select after it and the
  // sentence to announce.
  onChange: (m: Moved, announce: string) => void;
  onDuplicate: (p: TreePath) => void;
  onDelete: (p: TreePath) => void;
  onAddUnitProcedure: () => void;
}

function classCount(doc: RecipeDocument): string {
  const n = doc.unit_procedures.reduce((k, up) => k + (up.equipment_classes?.length ?? 0), 0);
  return `${n} class${n === 1 ? '' : 'es'}`;
}

export function nodeButtonId(p: NodePath): string {
  return `node-${pathId(p)}`;
}

function nodeName(doc: RecipeDocument, p: TreePath): string {
  const up = doc.unit_procedures[p.u];
  if (p.kind === 'up') return `unit procedure ${up.name}`;
  const op = up.operations[p.o];
  if (p.kind === 'op') return `operation ${op.name}`;
  return `step ${op.steps[p.s].name}`;
}

// Where a node is now, for the announcement: "position 2 of 5 in Dry mixing".
function placeWords(doc: RecipeDocument, p: NodePath): string {
  if (p.kind === 'up') return `position ${p.u + 1} of ${doc.unit_procedures.length}`;
  if (p.kind === 'op') return `position ${p.o + 1} of ${doc.unit_procedures[p.u].operations.length} in ${doc.unit_procedures[p.u].name}`;
  if (p.kind === 'step') {
    const op = doc.unit_procedures[p.u].operations[p.o];
    return `position ${p.s + 1} of ${op.steps.length} in ${op.name}`;
  }
  return '';
}

export function Tree(props: TreeProps) {
  const { doc, selected, problems, readOnly, onSelect } = props;
  const [dragged, setDragged] = useState<TreePath | null>(null);
  const [over, setOver] = useState<string | null>(null);

  function move(p: TreePath, result: Moved | null) {
    if (!result) return;
    props.onChange(result, `Moved ${nodeName(doc, p)} to ${placeWords(result.doc, result.path)}.`);
  }

  function keyDown(p: TreePath, e: KeyboardEvent) {
    if (readOnly || !e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    move(p, moveBy(doc, p, e.key === 'ArrowUp' ? -1 : 1));
  }

  function dragProps(p: TreePath) {
    if (readOnly) return {};
    const id = pathId(p);
    return {
      draggable: true,
      onDragStart: (e: DragEvent) => {
        setDragged(p);
        e.dataTransfer?.setData('text/plain', id);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      },
      onDragEnd: () => {
        setDragged(null);
        setOver(null);
      },
      onDragOver: (e: DragEvent) => {
        if (!dragged || !dropOn(doc, dragged, p)) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
        setOver(id);
      },
      onDragLeave: () => setOver((o) => (o === id ? null : o)),
      onDrop: (e: DragEvent) => {
        e.preventDefault();
        const from = dragged;
        setDragged(null);
        setOver(null);
        if (from) move(from, dropOn(doc, from, p));
      },
    };
  }

  // Called as functions, not components, so the rows keep their DOM (and focus) across renders.
  function row({ p, icon, kind, name, keyText }: { p: NodePath; icon: string; kind: string; name: string; keyText?: string }) {
    const count = countAt(problems, p);
    const isSelected = samePath(selected, p);
    const tree = p.kind === 'up' || p.kind === 'op' || p.kind === 'step' ? (p as TreePath) : null;
    return (
      <div class={`bld-node bld-node-${p.kind} ${isSelected ? 'selected' : ''} ${over === pathId(p) ? 'drop-target' : ''}`} {...(tree ? dragProps(tree) : {})}>
        <button
          type="button"
          id={nodeButtonId(p)}
          class="bld-node-button"
          aria-current={isSelected ? 'true' : undefined}
          onClick={() => onSelect(p)}
          onKeyDown={tree ? (e) => keyDown(tree, e as unknown as KeyboardEvent) : undefined}
        >
          <span class="bld-icon" aria-hidden="true">
            {icon}
          </span>
          <span class="bld-node-text">
            <span class="bld-node-name">{name || '(no name)'}</span>
            <span class="bld-node-meta">
              {kind}
              {keyText ? <> · <code>{keyText}</code></> : null}
            </span>
          </span>
          {count ? (
            <span class="bld-count">
              <span aria-hidden="true">{count}</span>
              <span class="visually-hidden">, {`${count} problem${count === 1 ? '' : 's'}`}</span>
            </span>
          ) : null}
        </button>
        {tree && isSelected && !readOnly ? moveTools(tree) : null}
      </div>
    );
  }

  function moveTools(p: TreePath) {
    const targets = moveTargets(doc, p);
    const here = p.kind === 'op' ? `${p.u}` : p.kind === 'step' ? `${p.u}.${p.o}` : '';
    const selectId = `move-to-${pathId(p)}`;
    return (
      <div class="bld-move" role="group" aria-label={`Move ${nodeName(doc, p)}`}>
        <button type="button" class="btn btn-secondary" disabled={!moveBy(doc, p, -1)} onClick={() => move(p, moveBy(doc, p, -1))}>
          Move up
        </button>
        <button type="button" class="btn btn-secondary" disabled={!moveBy(doc, p, 1)} onClick={() => move(p, moveBy(doc, p, 1))}>
          Move down
        </button>
        {targets.length > 1 ? (
          <span class="bld-move-to">
            <label for={selectId} class="visually-hidden">
              Move to…
            </label>
            <select
              id={selectId}
              value={here}
              onChange={(e) => {
                const t = targets.find((x) => x.value === (e.target as HTMLSelectElement).value);
                if (t) move(p, (t.o === undefined ? moveTo2(p, t.u) : moveTo2(p, t.u, t.o)));
              }}
            >
              {targets.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.value === here ? `Move to… (now in ${t.label})` : t.label}
                </option>
              ))}
            </select>
          </span>
        ) : null}
        <button type="button" class="btn btn-secondary" onClick={() => props.onDuplicate(p)}>
          Duplicate
        </button>
        <button type="button" class="btn btn-danger" onClick={() => props.onDelete(p)}>
          Delete
        </button>
      </div>
    );
  }

  function moveTo2(p: TreePath, u: number, o?: number): Moved | null {
    if (p.kind === 'op') return dropOnParent(p, { kind: 'up', u });
    if (p.kind === 'step' && o !== undefined) return dropOnParent(p, { kind: 'op', u, o });
    return null;
  }
  function dropOnParent(p: TreePath, parent: TreePath): Moved | null {
    return dropOn(doc, p, parent);
  }

  return (
    <nav class="bld-tree" aria-label="Recipe structure">
      <ul class="bld-top">
        <li>
          {row({ p: { kind: 'recipe' }, icon: 'HDR', kind: 'Header', name: doc.product_name, keyText: doc.product_code })}
        </li>
        <li>
          {row({ p: { kind: 'formula' }, icon: 'BOM', kind: `${doc.formula.length} line${doc.formula.length === 1 ? '' : 's'}`, name: 'Formula' })}
        </li>
        <li>
          {row({
            p: { kind: 'equipment' },
            icon: 'EQ',
            kind: classCount(doc),
            name: 'Equipment requirements',
          })}
        </li>
      </ul>
      <h2 class="bld-tree-title">Procedure</h2>
      {doc.unit_procedures.length === 0 ? <p class="muted">No unit procedure yet.</p> : null}
      <ol class="bld-ups">
        {doc.unit_procedures.map((up, u) => (
          <li key={u}>
            {row({ p: { kind: 'up', u }, icon: 'UP', kind: `Unit procedure${up.parallel ? ', parallel' : ''}`, name: up.name, keyText: up.key })}
            <ol class="bld-ops">
              {up.operations.map((op, o) => (
                <li key={o}>
                  {row({ p: { kind: 'op', u, o }, icon: 'OP', kind: 'Operation', name: op.name, keyText: op.key })}
                  <ol class="bld-steps">
                    {op.steps.map((s, i) => (
                      <li key={i}>
                        {row({ p: { kind: 'step', u, o, s: i }, icon: STEP_INFO[s.type]?.icon ?? '?', kind: STEP_INFO[s.type]?.label ?? s.type, name: s.name, keyText: s.key })}
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <button type="button" id="f-unit_procedures" class="btn btn-secondary btn-block" onClick={props.onAddUnitProcedure}>
          Add unit procedure
        </button>
      )}
    </nav>
  );
}
