// Superuser helpers shared by the CLI and the server (placeholder: the auth module completes it).
import type { Core } from '../context.ts';

export function countSuperusers(core: Core): number {
  try {
    const row = core.store.reader.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM _superusers WHERE email != '__pbinstaller@example.com'",
    );
    return row?.n ?? 0;
  } catch {
    return 0;
  }
}

/** Creates the superuser, or sets its password when the email exists. */
export async function upsertSuperuser(
  _core: Core,
  _email: string,
  _password: string,
): Promise<void> {
  throw new Error('not implemented yet');
}
