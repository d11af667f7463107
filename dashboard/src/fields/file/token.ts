// Protected files are served only with `?token=`: one short-lived file token shared by every preview.
import { signal } from '@preact/signals';
import { isTokenExpired } from 'pocketbase';
import { pb } from '../../pb.ts';

const current = signal('');
let pending = false;
let failedAt = 0;

function refresh(): void {
  // A server refusal is retried at most every 30 s rather than on each render.
  if (pending || Date.now() - failedAt < 30_000) return;
  pending = true;
  pb.files
    .getToken()
    .then((t) => {
      current.value = t;
    })
    .catch(() => {
      failedAt = Date.now();
    })
    .finally(() => {
      pending = false;
    });
}

/**
 * The file token for a protected field ('' for others, and until one is fetched). Reading it in
 * render subscribes the component, so previews appear once the token arrives. A token about to
 * expire (file tokens live minutes) is replaced on the next render that needs one.
 */
export function fileTokenFor(isProtected: boolean): string {
  if (!isProtected) return '';
  const t = current.value;
  if (!t || isTokenExpired(t, 20)) {
    refresh();
    return '';
  }
  return t;
}

/** Whether a protected field's previews must wait for a token. */
export const waitsForToken = (isProtected: boolean, token: string) => isProtected && !token;
