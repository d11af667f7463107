// settings.superuserIPs (http-api.md §1.4): a superuser from any other client address is refused.
import type { Core } from '../core.ts';
import { ipInList } from '../settings/formats.ts';

/**
 * Whether a superuser is refused at the client address `ip`. A function is called only when a list
 * is set: finding the address has a cost on the request path (Bun's peer lookup).
 */
export function refusesSuperuserAt(core: Core, ip: string | (() => string)): boolean {
  const allowed = core.settings.get().superuserIPs;
  return allowed.length > 0 && !ipInList(typeof ip === 'string' ? ip : ip(), allowed);
}
