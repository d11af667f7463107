// One error as CLI output: a SatchelError with its field messages, anything else by its message.
import { isFieldError, SatchelError } from '../core/errors.ts';

/** `ValidationError{name: {message}}` → `…\n  name: Must be in a valid format.` */
export function describeError(err: unknown): string {
  if (!(err instanceof SatchelError)) return err instanceof Error ? err.message : String(err);
  const details = Object.entries(err.data)
    .map(([k, v]) => (isFieldError(v) ? `  ${k}: ${v.message}` : `  ${k}: ${JSON.stringify(v)}`))
    .join('\n');
  return details ? `${err.message}\n${details}` : err.message;
}
