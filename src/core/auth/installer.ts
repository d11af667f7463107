// First-run install link (http-api.md §13): a placeholder superuser whose short token lets the
// dashboard create the real first superuser; the placeholder is removed once one exists.
import { SUPERUSERS } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { randomString } from '../ids.ts';
import { deleteRecordInternal } from '../records/save.ts';
import { findSuperuserByEmail, INSTALLER_EMAIL, upsertSuperuser } from './superusers.ts';
import { createAuthToken } from './tokens/tokens.ts';

const INSTALL_TOKEN_SECONDS = 30 * 60;

/** Creates (or refreshes) the installer account and returns a 30-minute, non-refreshable token. */
export async function createInstallToken(core: Core): Promise<string> {
  // A random password nobody knows: the account is only reachable through the token.
  await upsertSuperuser(core, INSTALLER_EMAIL, randomString(40));
  const record = findSuperuserByEmail(core, INSTALLER_EMAIL);
  if (!record) throw new Error('the installer superuser could not be created');
  const collection = core.collections.require(SUPERUSERS);
  return createAuthToken(core, collection, record, {
    refreshable: false,
    duration: INSTALL_TOKEN_SECONDS,
  });
}

/** Deletes the installer account after any other superuser is created. */
export function removeInstallerOnFirstSuperuser(core: Core): void {
  core.hooks.onRecordAfterCreateSuccess.bind(
    async (e) => {
      await e.next();
      if (e.record.email === INSTALLER_EMAIL) return;
      const installer = findSuperuserByEmail(core, INSTALLER_EMAIL);
      if (installer) await deleteRecordInternal(core, SUPERUSERS, installer);
    },
    { collections: [SUPERUSERS], system: true },
  );
}
