// The logged-in superuser, mirrored from the SDK's auth store into a signal.
import { signal } from '@preact/signals';
import type { RecordModel } from 'pocketbase';
import { pb } from '../pb.ts';

export const superuser = signal<RecordModel | null>(
  pb.authStore.isSuperuser ? pb.authStore.record : null,
);
pb.authStore.onChange(() => {
  superuser.value = pb.authStore.isSuperuser ? pb.authStore.record : null;
});

/** Refreshes a remembered token at start; a stale one logs out instead of failing later. */
export async function restoreSession(): Promise<void> {
  if (!pb.authStore.isValid || !pb.authStore.isSuperuser) {
    pb.authStore.clear();
    return;
  }
  try {
    await pb.collection('_superusers').authRefresh();
  } catch (err) {
    if ((err as { status?: number }).status !== 0) pb.authStore.clear();
  }
}

export function logout(): void {
  pb.authStore.clear();
}
