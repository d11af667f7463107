// Hands a finished request to core's request log (PocketBase's activity logger): no work beyond
// reading what the request already resolved; the row is written later, in a batch.
import { SatchelError } from '../core/errors.ts';
import { logRequest, type RequestLogInfo } from '../core/logs/request.ts';
import type { RequestEvent } from './event.ts';
import type { RequestState } from './request-state.ts';

/** What `$apis.skipSuccessActivityLog()` sets on the request event (PocketBase's store key). */
export const SKIP_SUCCESS_LOG = 'skipSuccessActivityLog';

/** `http://host/api/x?y=1` → `/api/x?y=1`. */
function requestURI(url: string): string {
  const i = url.indexOf('/', url.indexOf('//') + 2);
  return i < 0 ? '/' : url.slice(i);
}

export function logDispatched(
  ctx: RequestState,
  e: RequestEvent,
  res: Response,
  start: number,
  thrown?: unknown,
): void {
  const core = ctx.core;
  const status = res.status;
  if (!core.logger.enabled(status >= 400 ? 8 : 0)) return;
  if (status < 400 && (e.route?.skipSuccessLog || e.get(SKIP_SUCCESS_LOG) === true)) return;
  const auth = e.resolvedAuthOrNull;
  const h = e.request.headers;
  // Bun's requestIP costs ~2 µs a request: skipped when the addresses aren't stored.
  const logIP = core.settings.get().logs.logIP;
  const info: RequestLogInfo = {
    method: e.method,
    url: requestURI(e.request.url),
    status,
    execTime: performance.now() - start,
    referer: h.get('referer') ?? '',
    userAgent: h.get('user-agent') ?? '',
    auth: auth?.collection.name ?? '',
    authId: (auth?.record.id as string | undefined) ?? '',
    userIP: logIP ? e.realIP() : '',
    remoteIP: logIP ? e.remoteIP() : '',
  };
  if (status < 400) {
    logRequest(core.logger, core.settings, info);
    return;
  }
  if (thrown !== undefined) {
    if (thrown instanceof SatchelError) {
      info.error = thrown.message;
      info.details = null;
    } else {
      // The client got the generic 500; the log keeps what actually failed (PocketBase's details).
      info.error = 'Something went wrong while processing your request.';
      info.details = thrown instanceof Error ? thrown.message : String(thrown);
    }
    logRequest(core.logger, core.settings, info);
    return;
  }
  // An error answer a handler returned rather than threw: its envelope's message, read off a copy
  // after the response has gone (error answers only; a successful response is never read).
  if (!res.headers.get('content-type')?.includes('json') || !res.body) {
    logRequest(core.logger, core.settings, info);
    return;
  }
  res
    .clone()
    .json()
    .then(
      (body: { message?: unknown }) => {
        if (typeof body?.message === 'string') info.error = body.message;
      },
      () => {},
    )
    .finally(() => logRequest(core.logger, core.settings, info));
}
