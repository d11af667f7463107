// Runs a batch (http-api.md §4): sub-requests in order inside one transaction, all or nothing.
import type { Core } from '../core.ts';
import { BadRequestError, type FieldError } from '../errors.ts';
import { type BatchAction, type BatchTarget, resolveBatchAction } from './actions.ts';
import type { BatchRequest } from './requests.ts';

/** One sub-response: its status and parsed JSON body (`null` for 204 or an empty body). */
export interface BatchResult {
  status: number;
  body: unknown;
}

export interface RunBatchOptions {
  /** `settings.batch.timeout` in milliseconds. */
  timeoutMs: number;
  /** The record route a sub-request names (the HTTP route table matches it), or null. */
  match(request: BatchRequest): BatchTarget | null;
  /** Runs one sub-request through the normal route for `action`, within the open transaction. */
  execute(request: BatchRequest, action: BatchAction, index: number): Promise<BatchResult>;
  /** Clock, for tests. */
  now?: () => number;
}

export const BATCH_FAILED = 'Batch transaction failed.';

/** `data.requests.<i>` of a failed batch: the failing sub-request's error envelope under `response`. */
interface BatchFieldError extends FieldError {
  response: unknown;
}

/** PocketBase answers a sub-request it doesn't run (an unknown action) with a plain 400. */
const UNKNOWN_ACTION = {
  status: 400,
  message: 'Something went wrong while processing your request.',
  data: {},
};

/**
 * Executes `requests` one after another in one write transaction (each sub-request's own writes
 * are savepoints of it). The first sub-response with status ≥ 400 rolls everything back: 400
 * `Batch transaction failed.` with `data.requests.<i>`. Going past the timeout rolls back with a
 * 400 too: a running sub-request can't be interrupted, so it is checked between sub-requests.
 */
export async function runBatch(
  core: Core,
  requests: BatchRequest[],
  options: RunBatchOptions,
): Promise<BatchResult[]> {
  const now = options.now ?? Date.now;
  return core.store.writes.run(async () => {
    const deadline = now() + options.timeoutMs;
    const results: BatchResult[] = [];
    for (const [i, request] of requests.entries()) {
      const action = resolveBatchAction(core, request, options.match(request));
      if (!action) throw failure(i, UNKNOWN_ACTION);
      const result = await options.execute(request, action, i);
      if (result.status >= 400) throw failure(i, result.body);
      if (now() > deadline) throw new BadRequestError(BATCH_FAILED);
      results.push(result);
    }
    return results;
  });
}

function failure(index: number, response: unknown): BadRequestError {
  const item: BatchFieldError = {
    code: 'batch_request_failed',
    message: 'Batch request failed.',
    response,
  };
  return new BadRequestError(BATCH_FAILED, { requests: { [String(index)]: item } });
}
