// One request's `_logs` row, shaped as PocketBase's (`data.type = "request"`), after settings.logs.
import type { SettingsStore } from '../settings/store.ts';
import { type LogData, type Logger, LogLevel } from './logger.ts';

/** What the HTTP layer knows about a finished request; core decides what of it is stored. */
export interface RequestLogInfo {
  method: string;
  /** Path and query as sent (`/api/x?y=1`). */
  url: string;
  status: number;
  /** Milliseconds, fractional. */
  execTime: number;
  referer: string;
  userAgent: string;
  /** The auth record's collection name, or '' for a guest (or a request that never resolved auth). */
  auth: string;
  authId: string;
  userIP: string;
  remoteIP: string;
  /** The public error message of a failed request. */
  error?: string;
  /** The underlying error text (PocketBase's `details`), if any. */
  details?: string | null;
}

/**
 * `?token=…` (file and backup downloads) is a credential: PocketBase logs the URL verbatim, Satchel
 * stores `token=REDACTED` instead (README, "Differences"). `/x?a=1&token=abc` → `/x?a=1&token=REDACTED`.
 */
export function redactUrl(url: string): string {
  if (!url.includes('token=')) return url;
  return url.replace(/([?&][^=&#]*token=)[^&#]*/gi, '$1REDACTED');
}

/** Errors (any status ≥ 400) log at ERROR, everything else at INFO, as PocketBase's logger does. */
export function logRequest(logger: Logger, settings: SettingsStore, r: RequestLogInfo): void {
  const level = r.status >= 400 ? LogLevel.error : LogLevel.info;
  if (!logger.enabled(level)) return;
  const s = settings.get().logs;
  const url = redactUrl(r.url);
  // Keys sorted, as PocketBase's (Go marshals maps in key order).
  const data: LogData = { auth: r.auth };
  if (s.logAuthId) data.authId = r.authId;
  if (level === LogLevel.error) {
    data.details = r.details ?? null;
    data.error = r.error ?? '';
  }
  data.execTime = r.execTime;
  data.method = r.method;
  data.referer = r.referer;
  if (s.logIP) data.remoteIP = r.remoteIP;
  data.status = r.status;
  data.type = 'request';
  data.url = url;
  data.userAgent = r.userAgent;
  if (s.logIP) data.userIP = r.userIP;
  logger.log(level, `${r.method} ${url}`, data);
}
