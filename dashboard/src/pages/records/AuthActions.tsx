// Extra actions on an auth record: impersonate (a token for support), send password reset / verification.
import type { CollectionModel, RecordModel } from 'pocketbase';
import { useState } from 'preact/hooks';
import { ErrorBox } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { toast } from '../../stores/toasts.ts';

export function AuthActions({
  collection: c,
  record,
}: {
  collection: CollectionModel;
  record: RecordModel;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const run = async (fn: () => Promise<void>) => {
    setError('');
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const email = String(record.email ?? '');
  return (
    <section class="auth-actions">
      <h3>Auth actions</h3>
      <div class="row wrap">
        <button
          type="button"
          class="btn small"
          onClick={() =>
            run(async () => {
              const client = await pb.collection(c.name).impersonate(record.id, 3600);
              setToken(client.authStore.token);
            })
          }
        >
          Impersonate (1 h token)
        </button>
        {c.name !== '_superusers' && (
          <>
            <button
              type="button"
              class="btn small"
              disabled={!email}
              onClick={() =>
                run(async () => {
                  await pb.collection(c.name).requestPasswordReset(email);
                  toast(`Password reset email sent to ${email}`);
                })
              }
            >
              Send password reset
            </button>
            {!record.verified && (
              <button
                type="button"
                class="btn small"
                disabled={!email}
                onClick={() =>
                  run(async () => {
                    await pb.collection(c.name).requestVerification(email);
                    toast(`Verification email sent to ${email}`);
                  })
                }
              >
                Send verification email
              </button>
            )}
          </>
        )}
      </div>
      {token && (
        <div class="token-box">
          <small>Auth token for {email || record.id} (valid 1 h, not refreshable):</small>
          <textarea
            class="code"
            rows={3}
            readOnly
            value={token}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      )}
      <ErrorBox text={error} />
    </section>
  );
}
