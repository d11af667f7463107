// Every fixed route's request body by `METHOD pattern`: checked when the handler reads the body
// (RequestEvent.body) and written into /api/openapi.json. Records bodies are per collection instead.
// The table (bodies/fixed.ts) and TypeBox load with the first fixed body read, not at start.
import type { BodySpec, BodyTable } from './spec.ts';

export type { BodySpec, BodyTable } from './spec.ts';

let fixed: BodyTable | undefined;

/** The fixed routes' bodies; the first call builds them. */
export function fixedBodies(): BodyTable {
  fixed ??= (require('./fixed.ts') as typeof import('./fixed.ts')).FIXED_BODIES;
  return fixed;
}

/**
 * The built-in route's body, if it has one; routes that hooks add describe their own. A record
 * write (a route a batch runs) takes its collection's fields: no fixed body, and no table to load.
 */
export function bodySpecOf(
  route: { method: string; pattern: string; source: string; batch?: string } | null,
): BodySpec | undefined {
  if (route?.source !== 'core' || route.batch) return undefined;
  return fixedBodies()[`${route.method} ${route.pattern}`];
}

let check: typeof import('./check.ts') | undefined;

/** bodies/check.ts's `readCheckedBody`, its TypeBox checker loaded with the first call. */
export function readCheckedBody(request: Request, limit: number, spec: BodySpec) {
  check ??= require('./check.ts') as typeof import('./check.ts');
  return check.readCheckedBody(request, limit, spec);
}
