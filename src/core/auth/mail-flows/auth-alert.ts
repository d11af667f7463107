// Auth alerts (auth.md §7): a login from a new (IP, user agent) mails the owner; `_authOrigins` remembers origins.
import type { Collection } from '../../collections/model.ts';
import { AUTH_ORIGINS } from '../../collections/system-collections.ts';
import type { Core } from '../../core.ts';
import { readConn } from '../../core.ts';
import { formatDate } from '../../dates.ts';
import type { RecordData } from '../../records/record.ts';
import { deleteRecordInternal, saveRecordInternal } from '../../records/save.ts';
import { engineOf, rowidColumn } from '../../records/sql-dialect.ts';
import { sendAuthMail } from './auth-mail.ts';

/** PocketBase keeps the 5 most recently used origins per record. */
const MAX_ORIGINS = 5;
/** How long a login waits for the alert mail before giving up on it (and on storing the origin). */
const MAIL_WAIT_MS = 15_000;
const MAX_USER_AGENT = 200;

/** `ua` longer than 200 characters → its first 200 + `...`. */
function clipUserAgent(ua: string): string {
  return ua.length > MAX_USER_AGENT ? `${ua.slice(0, MAX_USER_AGENT)}...` : ua;
}

/** md5(clientIP + user agent), hex: what `_authOrigins.fingerprint` stores. */
export function authFingerprint(ip: string, userAgent: string): string {
  return new Bun.CryptoHasher('md5').update(ip + clipUserAgent(userAgent)).digest('hex');
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error('auth alert mail send wait timeout reached')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export interface LoginOrigin {
  collection: Collection;
  record: RecordData;
  ip: string;
  userAgent: string;
}

/**
 * After a completed password/OTP/OAuth2 login. The first origin of a record is stored silently;
 * a later unknown one mails the alert first, and is stored only when that mail went out.
 * Failures are logged, never thrown: the login has already succeeded.
 */
export async function recordLoginOrigin(core: Core, login: LoginOrigin): Promise<void> {
  const { collection, record } = login;
  if (!collection.auth?.authAlert.enabled) return;
  try {
    const fingerprint = authFingerprint(login.ip, login.userAgent);
    const origins = readConn(core).all<RecordData>(
      `SELECT * FROM "${AUTH_ORIGINS}" WHERE "collectionRef" = ? AND "recordRef" = ?
       ORDER BY "updated" DESC, ${rowidColumn(engineOf(core))} DESC`,
      [collection.id, record.id],
    );
    const current = origins.find((o) => o.fingerprint === fingerprint);
    if (current) {
      await saveRecordInternal(core, AUTH_ORIGINS, { id: current.id }, { isNew: false });
      return;
    }
    const email = String(record.email ?? '');
    if (origins.length > 0 && email) {
      const alertInfo = `${formatDate(new Date())} - ${login.ip} ${clipUserAgent(login.userAgent)}`;
      const template = collection.auth.authAlert.emailTemplate;
      await withTimeout(
        sendAuthMail(core, { kind: 'authAlert', collection, record, template, alertInfo }),
        MAIL_WAIT_MS,
      );
    }
    for (const old of origins.slice(MAX_ORIGINS - 1)) {
      await deleteRecordInternal(core, AUTH_ORIGINS, old);
    }
    await saveRecordInternal(
      core,
      AUTH_ORIGINS,
      { collectionRef: collection.id, recordRef: record.id, fingerprint },
      { isNew: true },
    );
  } catch (err) {
    console.error(`auth alert: failed for ${collection.name}/${record.id}:`, err);
  }
}
