// Create an account (POST /api/v1/users): the administrator records how they verified the
// person's identity (21 CFR 11.100(b)) and signs it with the meaning "approved"; the server sets a
// temporary password to hand over. A refusal that concerns the form (a look-alike user name, a
// missing field) closes the signature dialog and marks the field; nothing typed is lost.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { SignatureInput } from '../../api/types';
import { SignatureDialog } from '../../components/SignatureDialog';
import { Button, ErrorMessage } from '../../components/ui';
import { navigate } from '../../lib/router';
import { useRoles } from './data';
import { roleNames, type UserAccount } from './model';
import { TemporaryPassword } from './TemporaryPassword';

interface Form {
  username: string;
  printed_name: string;
  email: string;
  site: string;
  roles: string[];
  identity_evidence: string;
}

const EMPTY: Form = { username: '', printed_name: '', email: '', site: '', roles: [], identity_evidence: '' };

const REQUIRED: [keyof Form, string][] = [
  ['username', 'the user name'],
  ['printed_name', 'the printed name'],
  ['identity_evidence', 'how you verified their identity'],
];

export function CreateUser() {
  const { roles, error: rolesError } = useRoles();
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [badField, setBadField] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const [created, setCreated] = useState<UserAccount | null>(null);

  const set = (k: keyof Form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });

  function submit(e: Event) {
    e.preventDefault();
    const missing = REQUIRED.filter(([k]) => !String(form[k]).trim());
    if (missing.length) {
      setBadField(missing[0][0]);
      setError(new Error(`Fill in ${missing.map(([, what]) => what).join(', ')}.`));
      return;
    }
    setError(null);
    setBadField(null);
    setSigning(true);
  }

  async function sign(signature: SignatureInput) {
    try {
      const body = {
        username: form.username.trim(),
        printed_name: form.printed_name.trim(),
        roles: form.roles,
        identity_evidence: form.identity_evidence.trim(),
        ...(form.email.trim() ? { email: form.email.trim() } : {}),
        ...(form.site.trim() ? { site: form.site.trim() } : {}),
        signature,
      };
      setCreated(await api.post<UserAccount>('/api/v1/users', body));
      setSigning(false);
    } catch (e) {
      const field = e instanceof ApiError ? e.field : undefined;
      // The signature's own problems stay in its dialog; the form's go back to the form.
      if (!(e instanceof ApiError) || e.status === 401 || !field || field.startsWith('signature')) throw e;
      setSigning(false);
      setError(e);
      setBadField(field);
    }
  }

  if (created) {
    return (
      <div class="create-done">
        <div class="alert alert-success" role="status">
          <div>
            Account <strong>{created.username}</strong> created for {created.printed_name} with the role{created.roles.length === 1 ? '' : 's'}{' '}
            {roleNames(created.roles, roles)}; your identity verification is signed.
          </div>
        </div>
        {created.temporary_password ? (
          <TemporaryPassword user={created} password={created.temporary_password} onDone={() => navigate(`/admin/users?user=${encodeURIComponent(created.id)}`)} />
        ) : null}
        <div class="account-actions">
          <Button onClick={() => navigate(`/admin/users?user=${encodeURIComponent(created.id)}`)}>Open the account</Button>
          <Button
            onClick={() => {
              setCreated(null);
              setForm(EMPTY);
            }}
          >
            Create another
          </Button>
        </div>
      </div>
    );
  }

  const invalid = (k: string) => (badField === k ? true : undefined);
  return (
    <>
    <form class="card create-user" onSubmit={submit} aria-labelledby="create-title" noValidate>
      <h2 id="create-title">New user account</h2>
      <div class="form-grid">
        <label>
          User name
          <input name="username" autocomplete="off" value={form.username} onInput={set('username')} aria-invalid={invalid('username')} />
          <span class="hint">What they type to sign in, e.g. op.maria</span>
        </label>
        <label>
          Printed name
          <input name="printed_name" autocomplete="off" value={form.printed_name} onInput={set('printed_name')} aria-invalid={invalid('printed_name')} />
          <span class="hint">Shown on every record and signature they make</span>
        </label>
        <label>
          E-mail (optional)
          <input name="email" type="email" autocomplete="off" value={form.email} onInput={set('email')} aria-invalid={invalid('email')} />
        </label>
        <label>
          Site (optional)
          <input name="site" autocomplete="off" value={form.site} onInput={set('site')} aria-invalid={invalid('site')} />
          <span class="hint">Empty: the server's default site</span>
        </label>
      </div>
      <fieldset class="roles" aria-invalid={invalid('roles')}>
        <legend>Roles</legend>
        {roles.map((r) => (
          <label key={r.name} class="role-choice">
            <input
              type="checkbox"
              name="roles"
              value={r.name}
              checked={form.roles.includes(r.name)}
              onChange={(e) =>
                setForm({
                  ...form,
                  roles: (e.target as HTMLInputElement).checked ? [...form.roles, r.name] : form.roles.filter((x) => x !== r.name),
                })
              }
            />
            <span>
              {r.display_name}
              <span class="small muted role-description">{r.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={rolesError} />
      <label>
        Identity verified by
        <textarea
          name="identity_evidence"
          rows={2}
          value={form.identity_evidence}
          onInput={set('identity_evidence')}
          aria-invalid={invalid('identity_evidence')}
        />
        <span class="hint">How you established who this person is, e.g. “passport seen in person, HR record 4471”. It is kept with your signature.</span>
      </label>
      <ErrorMessage error={error} />
      <div class="account-actions">
        <Button kind="primary" type="submit">
          Sign and create account
        </Button>
      </div>
    </form>
      {signing ? (
        <SignatureDialog
          request={{
            title: 'Sign: new user account',
            meaning: 'approved',
            meaningText: 'I verified this person’s identity and approve the account',
            signer: 'self',
            summary: `${form.printed_name.trim()} (${form.username.trim()}), ${roleNames(form.roles, roles)}. Identity: ${form.identity_evidence.trim()}`,
          }}
          onSign={sign}
          onCancel={() => setSigning(false)}
        />
      ) : null}
    </>
  );
}
