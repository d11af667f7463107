// First run: the install link's one-time token creates the first real superuser.
import PocketBase, { BaseAuthStore } from 'pocketbase';
import { useState } from 'preact/hooks';
import { ErrorBox, Row } from '../../components/ui.tsx';
import { errorMessage, fieldErrors, pb } from '../../pb.ts';
import { navigate } from '../../router.ts';

export function Install({ token }: { token: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      // The installer token authorizes exactly this: creating a superuser.
      const installer = new PocketBase(pb.baseURL, new BaseAuthStore());
      installer.authStore.save(token, null);
      await installer
        .collection('_superusers')
        .create({ email, password, passwordConfirm: confirm });
      await pb.collection('_superusers').authWithPassword(email, password);
      navigate('/collections');
    } catch (err) {
      setError(errorMessage(err));
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login-wrap">
      <form
        class="card login"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h1 class="brand">Satchel</h1>
        <p>Create your first superuser account.</p>
        <Row label="Email" error={errors.email}>
          <input
            type="email"
            name="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </Row>
        <Row label="Password" error={errors.password}>
          <input
            type="password"
            name="password"
            required
            minLength={10}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Row>
        <Row label="Password confirm" error={errors.passwordConfirm}>
          <input
            type="password"
            name="passwordConfirm"
            required
            value={confirm}
            onInput={(e) => setConfirm(e.currentTarget.value)}
          />
        </Row>
        <ErrorBox text={error} />
        <button type="submit" class="btn primary block" disabled={busy}>
          {busy ? 'Creating…' : 'Create superuser and login'}
        </button>
      </form>
    </div>
  );
}
