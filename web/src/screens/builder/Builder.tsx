// The MBR builder: one recipe version as a tree (header, formula, equipment requirements, unit
// procedures → operations → steps) beside the editor of the selected node. A draft is checked by
// the server while it is edited (debounced POST /recipes/validate) and on every save; each problem
// names where it is and, clicked, selects its node and focuses its input. The unsaved document is
// kept in localStorage, so a reload or a refused save loses nothing. Versions that are not drafts,
// or users without recipe.author, see the same screens read-only.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, download } from '../../api/client';
import { Button, ErrorMessage, Loading, Notice, StateBadge } from '../../components/ui';
import { useLiveEvents } from '../../lib/events';
import { formatTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { can, me } from '../../lib/session';
import { LifecycleActions } from '../recipes/Lifecycle';
import type { VersionView } from '../recipes/types';
import type { RecipeDocument, Step, StepType } from './document';
import { EquipmentEditor, FormulaEditor, OperationEditor, RecipeEditor, UnitProcedureEditor } from './Editors';
import { Fields } from './fields';
import { StepEditor } from './StepEditor';
import { nodeButtonId, Tree } from './Tree';
import { addOperation, addStep, addUnitProcedure, allKeys, changeType, deleteNode, duplicate, exists, pathId, renameWithKey, updateStep, type Moved, type NodePath, type TreePath } from './tree';
import { focusField, locate, problemsFromError, problemWhere, sentence, type Problem } from './validation';
import './builder.css';

const EDITABLE = ['draft', 'rejected'];

// The same document written with sorted keys, so key order never counts as a change.
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

interface StoredDraft {
  version: number; // the version (ETag) the edit started from
  content: RecipeDocument;
}
function storageKey(id: string, v: string): string {
  return `gemba.builder.${id}.${v}`;
}
function readStored(id: string, v: string): StoredDraft | null {
  try {
    const raw = localStorage.getItem(storageKey(id, v));
    return raw ? (JSON.parse(raw) as StoredDraft) : null;
  } catch {
    return null;
  }
}

export default function Builder({ id, version: v }: { id: string; version: string }) {
  const base = `/api/v1/recipes/${encodeURIComponent(id)}/versions/${encodeURIComponent(v)}`;
  const [view, setView] = useState<VersionView | null>(null);
  const [doc, setDoc] = useState<RecipeDocument | null>(null);
  const [saved, setSaved] = useState<string>(''); // canonical() of the stored content
  const [problems, setProblems] = useState<Problem[]>([]);
  const [checking, setChecking] = useState(false);
  const [selected, setSelected] = useState<NodePath>({ kind: 'recipe' });
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonProblem, setReasonProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [pendingFocus, setPendingFocus] = useState<{ field?: string; node?: NodePath } | null>(null);
  const [itemCodes, setItemCodes] = useState<string[]>([]);
  const [classes, setClasses] = useState<{ code: string; name: string }[]>([]);
  const validateSeq = useRef(0); // validations started
  const shownSeq = useRef(0); // the validation whose problems are shown
  const reasonRef = useRef<HTMLInputElement>(null);

  const editable = !!view && EDITABLE.includes(view.state) && can('recipe.author');
  const dirty = !!doc && editable && canonical(doc) !== saved;

  async function load(keepEdit = false) {
    try {
      const answer = await api.get<VersionView>(base);
      const content = answer.content as unknown as RecipeDocument;
      if (!content) throw new Error('The server holds no readable document for this version; export it to look at the stored text.');
      setView(answer);
      setSaved(canonical(content));
      setProblems(answer.problems);
      setLoadError(null);
      if (keepEdit) return;
      const stored = readStored(id, v);
      if (stored && EDITABLE.includes(answer.state) && canonical(stored.content) !== canonical(content)) {
        setDoc(stored.content);
        setRestored(true);
        if (stored.version !== answer.version) setStale('The draft was saved by someone else after your unsaved changes were made.');
      } else {
        localStorage.removeItem(storageKey(id, v));
        setDoc(content);
      }
    } catch (e) {
      setLoadError(e);
    }
  }

  useEffect(() => {
    setDoc(null);
    setView(null);
    setSelected({ kind: 'recipe' });
    void load();
    // Codes for the formula's material and the equipment classes; only suggestions.
    api.get<{ items: { code: string }[] }>('/api/v1/items?limit=500').then((r) => setItemCodes(r.items.map((i) => i.code)), () => undefined);
    api.get<{ items: { code: string; name: string }[] }>('/api/v1/equipment-classes').then((r) => setClasses(r.items), () => undefined);
  }, [id, v]);

  // Another person's lifecycle action or save. Without unsaved changes the screen takes the new
  // version; with them, it says so and keeps the edit (saving it needs a reload first, see stale).
  useLiveEvents(['recipe'], (e) => {
    if (e.subject?.id !== id || String(e.data?.['version']) !== v || saving) return;
    api.get<VersionView>(base).then((answer) => {
      if (!view || answer.version === view.version) return;
      if (dirty) {
        setStale(`${answer.updated_by === me.get()?.id ? 'You' : 'Someone'} saved or changed this version elsewhere (now ${answer.state.replace('_', ' ')}).`);
        return;
      }
      setView(answer);
      setDoc(answer.content as unknown as RecipeDocument);
      setSaved(canonical(answer.content));
      setProblems(answer.problems);
    }, () => undefined);
  });

  // Keep the unsaved document, and check it while it is edited.
  useEffect(() => {
    if (!doc || !view || !editable) return;
    if (dirty) localStorage.setItem(storageKey(id, v), JSON.stringify({ version: view.version, content: doc } satisfies StoredDraft));
    else localStorage.removeItem(storageKey(id, v));
    // Each answer newer than the one shown is shown, even if the document moved on meanwhile:
    // while someone types steadily the list stays close to what they see.
    const t = setTimeout(async () => {
      const seq = ++validateSeq.current;
      setChecking(true);
      let list: Problem[] | null = null;
      try {
        await api.post('/api/v1/recipes/validate', doc);
        list = [];
      } catch (e) {
        list = problemsFromError(e);
      }
      if (list && seq > shownSeq.current) {
        shownSeq.current = seq;
        setProblems(list);
      }
      if (seq === validateSeq.current) setChecking(false);
    }, 400);
    return () => clearTimeout(t);
  }, [doc, editable, view?.version]);

  // Warn before the page goes away with unsaved changes (reload, close, another address).
  useEffect(() => {
    if (!dirty) return;
    const before = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    const click = (e: MouseEvent) => {
      const a = (e.target as HTMLElement).closest?.('a[href]');
      if (!a || (a as HTMLAnchorElement).target) return;
      if (!window.confirm('This draft has unsaved changes. They stay on this tablet and come back when you open the draft again. Leave anyway?')) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', before);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', before);
      document.removeEventListener('click', click, true);
    };
  }, [dirty]);

  // Ctrl+S (⌘S) saves, as in any editor.
  const saveRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        saveRef.current();
      }
    };
    document.addEventListener('keydown', key);
    return () => document.removeEventListener('keydown', key);
  }, []);

  // After a node changes (a problem clicked, a move), focus its field or its tree button.
  useEffect(() => {
    if (!pendingFocus) return;
    const { field, node } = pendingFocus;
    setPendingFocus(null);
    if (field && focusField(field)) return;
    if (node) document.getElementById(nodeButtonId(node))?.focus();
  }, [pendingFocus]);

  useEffect(() => {
    if (doc && !exists(doc, selected)) setSelected({ kind: 'recipe' });
  }, [doc]);

  const savedKeys = useMemo(() => {
    try {
      return allKeys(JSON.parse(saved) as RecipeDocument);
    } catch {
      return new Set<string>();
    }
  }, [saved]);
  const fieldContext = useMemo(() => ({ problems, readOnly: !editable }), [problems, editable]);

  if (loadError) {
    return (
      <div class="bld">
        <h1>Recipe version {v}</h1>
        <ErrorMessage error={loadError} />
        <Button onClick={() => void load()}>Try again</Button>
      </div>
    );
  }
  if (!view || !doc) return <Loading what="Opening the recipe version" />;

  function change(next: RecipeDocument) {
    setSavedNote(null);
    setDoc(next);
  }
  function apply(m: Moved, words?: string, focusNode = true) {
    change(m.doc);
    setSelected(m.path);
    if (words) setAnnounce(words);
    if (focusNode) setPendingFocus({ node: m.path });
  }
  function select(p: NodePath) {
    setSelected(p);
  }

  async function save() {
    if (!doc || !view) return;
    if (!reason.trim()) {
      setReasonProblem('Say why the draft changes: the reason is kept in the audit trail.');
      reasonRef.current?.focus();
      return;
    }
    setReasonProblem(null);
    setSaving(true);
    setError(null);
    const sent = doc;
    try {
      const answer = await api.put<VersionView>(base, { content: sent, reason: reason.trim() }, { ifMatch: view.version });
      shownSeq.current = validateSeq.current;
      setProblems(answer.problems);
      setStale(null);
      setRestored(false);
      setReason('');
      // The server's canonical form of what was sent becomes the saved state.
      let content: RecipeDocument = sent;
      try {
        const full = await api.get<VersionView>(base);
        content = full.content as unknown as RecipeDocument;
        setView(full);
      } catch {
        setView({ ...view, ...answer, content: view.content });
      }
      setSaved(canonical(content));
      setDoc((current) => (current === sent ? content : current));
      localStorage.removeItem(storageKey(id, v));
      setSavedNote(answer.problems.length ? `Saved with ${answer.problems.length} problem${answer.problems.length === 1 ? '' : 's'} to fix before submitting.` : 'Saved. The draft has no problems and can be submitted.');
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setStale(e.message);
      } else {
        const list = problemsFromError(e);
        if (list) setProblems(list);
        if (e instanceof ApiError && e.field === 'reason') {
          setReasonProblem(e.message);
          reasonRef.current?.focus();
        } else setError(e);
      }
    } finally {
      setSaving(false);
    }
  }

  saveRef.current = () => {
    if (editable && dirty && !saving) void save();
  };

  // The saved version after someone else's save; the edit here stays and is saved over it.
  async function reloadKeepingEdit() {
    await load(true);
    setStale(null);
  }
  function discard() {
    localStorage.removeItem(storageKey(id, v));
    setRestored(false);
    setStale(null);
    void load();
  }

  function openProblem(p: Problem) {
    const at = locate(p.field);
    setSelected(at.node);
    setPendingFocus({ field: p.field, node: at.node });
  }

  const stepAt = selected.kind === 'step' ? selected : null;
  let editor = null;
  if (selected.kind === 'recipe') editor = <RecipeEditor doc={doc} onChange={change} />;
  else if (selected.kind === 'formula') editor = <FormulaEditor doc={doc} onChange={change} itemCodes={itemCodes} />;
  else if (selected.kind === 'equipment') editor = <EquipmentEditor doc={doc} onChange={change} classes={classes} />;
  else if (selected.kind === 'up' && doc.unit_procedures[selected.u]) {
    editor = (
      <UnitProcedureEditor
        doc={doc}
        u={selected.u}
        onChange={change}
        onRename={(name) => change(renameWithKey(doc, selected, name, savedKeys))}
        onAddOperation={() => apply(addOperation(doc, selected.u), 'Operation added.', false)}
        onOpenEquipment={() => setSelected({ kind: 'equipment' })}
      />
    );
  } else if (selected.kind === 'op' && doc.unit_procedures[selected.u]?.operations[selected.o]) {
    editor = <OperationEditor doc={doc} u={selected.u} o={selected.o} onChange={change} onRename={(name) => change(renameWithKey(doc, selected, name, savedKeys))} onAddStep={(t: StepType) => apply(addStep(doc, selected.u, selected.o, t), 'Step added.', false)} />;
  } else if (stepAt && exists(doc, stepAt)) {
    editor = (
      <StepEditor
        doc={doc}
        at={stepAt}
        onChange={(patch: Partial<Step>) => change(updateStep(doc, stepAt, patch))}
        onRename={(name) => change(renameWithKey(doc, stepAt, name, savedKeys))}
        onChangeType={(t: StepType) => change(changeType(doc, stepAt, t))}
        onAddAfter={(t: StepType) => apply(addStep(doc, stepAt.u, stepAt.o, t, stepAt.s + 1), 'Step added.', false)}
      />
    );
  }

  return (
    <div class="bld">
      <header class="bld-header">
        <div>
          <h1>
            {doc.product_name || view.product_name} <span class="muted">version {view.number}</span>
          </h1>
          <p class="bld-facts">
            <code>{view.product_code}</code> · {view.site} · <StateBadge state={view.state} /> · {doc.unit_procedures.reduce((n, up) => n + up.operations.reduce((m, op) => m + op.steps.length, 0), 0)} steps · last saved {formatTime(view.updated_at)}
          </p>
        </div>
        <div class="bld-header-actions">
          <a
            class="btn btn-ghost"
            href={`/recipes/${encodeURIComponent(id)}`}
            onClick={(e) => {
              if (e.defaultPrevented) return;
              e.preventDefault();
              navigate(`/recipes/${encodeURIComponent(id)}`);
            }}
          >
            Versions of this recipe
          </a>
          <Button onClick={() => void download(`${base}/export`, `${view.product_code}-v${view.number}.json`).catch(setError)}>Export JSON</Button>
        </div>
      </header>

      <div class="bld-lifecycle">
        {dirty && view.state === 'draft' ? <p class="muted small">Submitting signs the saved version: save your changes first.</p> : null}
        <LifecycleActions recipeId={id} version={view} onChanged={(next) => {
          setView(next);
          setProblems(next.problems);
        }} />
      </div>

      {!editable ? (
        <Notice>
          {EDITABLE.includes(view.state)
            ? 'You can read this draft; editing needs the permission to author recipes.'
            : `This version is ${view.state.replace('_', ' ')} and never changes. To change the recipe, make a new draft from it.`}
        </Notice>
      ) : null}
      {restored ? (
        <Notice kind="warning">
          Your unsaved changes from before were restored.{' '}
          <button type="button" class="btn btn-ghost" onClick={discard}>
            Discard them
          </button>
        </Notice>
      ) : null}
      {stale ? (
        <div class="alert alert-warning" role="alert">
          <div>
            <strong>The draft changed since you opened it.</strong> {sentence(stale)} Your changes are kept here. Reload the saved version to save your changes over it, or discard
            yours.
            <div class="form-actions">
              <Button kind="primary" onClick={() => void reloadKeepingEdit()}>
                Reload, keep my changes
              </Button>
              <Button onClick={discard}>Discard my changes</Button>
            </div>
          </div>
        </div>
      ) : null}

      {editable ? (
        <div class="bld-save card">
          <span class={`bld-dirty ${dirty ? 'on' : ''}`} role="status">
            {dirty ? '● Unsaved changes' : savedNote ?? 'All changes saved'}
          </span>
          <div class="bld-field bld-reason">
            <label for="bld-reason">Reason for the change</label>
            <input
              id="bld-reason"
              ref={reasonRef}
              autocomplete="off"
              value={reason}
              aria-invalid={!!reasonProblem}
              aria-describedby={reasonProblem ? 'bld-reason-msg' : undefined}
              onInput={(e) => setReason((e.target as HTMLInputElement).value)}
            />
            {reasonProblem ? (
              <p id="bld-reason-msg" class="field-error">
                {reasonProblem}
              </p>
            ) : null}
          </div>
          <Button kind="primary" busy={saving} disabled={!dirty} onClick={() => void save()}>
            Save draft
          </Button>
        </div>
      ) : null}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />

      <section class="bld-problems card" aria-labelledby="bld-problems-title">
        <h2 id="bld-problems-title">
          {problems.length ? `Problems (${problems.length})` : 'Problems'}
          {checking ? <span class="muted small"> checking…</span> : null}
        </h2>
        {problems.length === 0 ? (
          <p class="bld-valid">✓ No problems{view.state === 'draft' ? ': the draft can be submitted once saved.' : '.'}</p>
        ) : (
          <ul>
            {problems.map((p, i) => (
              <li key={`${p.field}-${i}`}>
                <button type="button" class="bld-problem" onClick={() => openProblem(p)}>
                  <span class="bld-where">{problemWhere(doc, p.field)}:</span> {sentence(p.message)}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div class="visually-hidden" aria-live="polite" role="status">
        {announce}
      </div>

      <Fields.Provider value={fieldContext}>
        <div class="bld-main">
          <Tree
            doc={doc}
            selected={selected}
            problems={problems}
            readOnly={!editable}
            onSelect={select}
            onChange={(m, words) => apply(m, words)}
            onDuplicate={(p: TreePath) => apply(duplicate(doc, p), 'Duplicated; the copy is selected.')}
            onDelete={(p: TreePath) => {
              const what = p.kind === 'up' ? doc.unit_procedures[p.u].name : p.kind === 'op' ? doc.unit_procedures[p.u].operations[p.o].name : doc.unit_procedures[p.u].operations[p.o].steps[p.s].name;
              if (!window.confirm(`Delete “${what}”${p.kind === 'step' ? '' : ' and everything in it'}?`)) return;
              apply(deleteNode(doc, p), `Deleted ${what}.`);
            }}
            onAddUnitProcedure={() => {
              const up = addUnitProcedure(doc);
              apply(addOperation(up.doc, (up.path as { u: number }).u, 'New operation'), 'Unit procedure added with one operation.', false);
              setSelected(up.path);
            }}
          />
          <div class="bld-editor" key={pathId(selected)}>{editor ?? <p class="muted">Choose something in the tree to edit it.</p>}</div>
        </div>
      </Fields.Provider>
    </div>
  );
}
