// Superuser login: password, then a one-time code when the server asks for MFA, or OTP alone when configured.
import type { AuthMethodsList } from 'pocketbase';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorBox, Row } from '../../components/ui.tsx';
import { ClientResponseError, errorMessage, pb } from '../../pb.ts';

type Step = { kind: 'password' } | { kind: 'otp'; otpId: string; mfaId?: string };

const superusers = () => pb.collection('_superusers');

export function Login() {
  const [methods, setMethods] = useState<AuthMethodsList | null>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const emailRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    (step.kind === 'otp' ? codeRef : emailRef).current?.focus();
  }, [step.kind]);

  useEffect(() => {
    superusers()
      .listAuthMethods()
      .then(setMethods)
      .catch(() => setMethods(null));
  }, []);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const startOtp = async (mfaId?: string) => {
    const { otpId } = await superusers().requestOTP(email);
    setStep({ kind: 'otp', otpId, mfaId });
  };

  const submitPassword = () =>
    run(async () => {
      try {
        await superusers().authWithPassword(email, password);
      } catch (err) {
        const mfaId = err instanceof ClientResponseError ? err.response?.mfaId : undefined;
        if (!mfaId) throw err;
        await startOtp(String(mfaId));
      }
    });

  const submitOtp = (s: Extract<Step, { kind: 'otp' }>) =>
    run(async () => {
      await superusers().authWithOTP(s.otpId, code, s.mfaId ? { mfaId: s.mfaId } : {});
    });

  const passwordEnabled = methods?.password?.enabled ?? true;
  const otpEnabled = methods?.otp?.enabled ?? false;

  return (
    <div class="login-wrap">
      <form
        class="card login"
        onSubmit={(e) => {
          e.preventDefault();
          if (step.kind === 'otp') submitOtp(step);
          else if (passwordEnabled) submitPassword();
          else run(() => startOtp());
        }}
      >
        <h1 class="brand">Satchel</h1>
        <p class="muted">Superuser login</p>
        {step.kind === 'password' ? (
          <>
            <Row label="Email">
              <input
                type="email"
                name="email"
                required
                ref={emailRef}
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            </Row>
            {passwordEnabled && (
              <Row label="Password">
                <input
                  type="password"
                  name="password"
                  required
                  value={password}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                />
              </Row>
            )}
          </>
        ) : (
          <Row
            label={`One-time code sent to ${email}`}
            hint={step.mfaId ? 'Multi-factor authentication is enabled.' : undefined}
          >
            <input
              name="otp"
              required
              ref={codeRef}
              autoComplete="one-time-code"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
            />
          </Row>
        )}
        <ErrorBox text={error} />
        <button type="submit" class="btn primary block" disabled={busy}>
          {busy
            ? 'Please wait…'
            : step.kind === 'otp'
              ? 'Verify code'
              : passwordEnabled
                ? 'Login'
                : 'Send code'}
        </button>
        {step.kind === 'password' && passwordEnabled && otpEnabled && (
          <button
            type="button"
            class="btn ghost block"
            disabled={busy || !email}
            onClick={() => run(() => startOtp())}
          >
            Login with a one-time code
          </button>
        )}
        {step.kind === 'otp' && (
          <button
            type="button"
            class="btn ghost block"
            onClick={() => setStep({ kind: 'password' })}
          >
            Back
          </button>
        )}
      </form>
    </div>
  );
}
