// "Import JSON": a recipe document (a file, or pasted) becomes a draft — a new recipe, or the next
// version of the recipe with the same product code and site. A refused document shows the
// server's message and where it is (the field, or the line and column of a JSON syntax error);
// what was pasted stays.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { Button, ErrorMessage } from '../../components/ui';
import { navigate } from '../../lib/router';
import { importRecipe } from './data';
import { Modal } from './Modal';
import { importProblemPlace } from './model';

const MAX_BYTES = 32 * 1024 * 1024;

export function ImportRecipe({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [place, setPlace] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => fileRef.current?.focus(), []);

  async function pick(e: Event) {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    setError(null);
    setPlace(null);
    if (file.size > MAX_BYTES) {
      setError(new Error(`${file.name} is larger than 32 MiB; a recipe document may not be.`));
      return;
    }
    setFileName(file.name);
    setText(await file.text());
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!text.trim()) {
      setError(new Error('Choose a .json file or paste a recipe document.'));
      return;
    }
    setBusy(true);
    setError(null);
    setPlace(null);
    try {
      const v = await importRecipe(text);
      navigate(`/recipes/${encodeURIComponent(v.recipe_id)}/versions/${v.number}`);
    } catch (err) {
      setError(err);
      setPlace(err instanceof ApiError ? importProblemPlace(err.details, text) : null);
      setBusy(false);
    }
  }

  return (
    <Modal id="import-recipe" title="Import a recipe (JSON)" busy={busy} onClose={onClose}>
      <p class="muted">
        A <code>gemba.recipe/1</code> document becomes a draft: a new recipe, or the next version of the recipe with the same product code and
        site.
      </p>
      <form onSubmit={submit} noValidate>
        <label>
          Recipe file (.json)
          <input ref={fileRef} type="file" name="file" accept=".json,application/json" onChange={pick} />
        </label>
        {fileName ? <p class="small">Read {fileName}.</p> : null}
        <label>
          Or paste the document
          <textarea
            name="document"
            rows={8}
            class="mono rc-paste"
            value={text}
            spellcheck={false}
            onInput={(e) => {
              setText((e.target as HTMLTextAreaElement).value);
              setFileName(null);
            }}
          />
        </label>
        {error ? (
          <div data-testid="import-error">
            <ErrorMessage error={error} />
            {place ? <p class="rc-place">{place}</p> : null}
          </div>
        ) : null}
        <div class="modal-actions">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button kind="primary" type="submit" busy={busy}>
            Import
          </Button>
        </div>
      </form>
    </Modal>
  );
}
