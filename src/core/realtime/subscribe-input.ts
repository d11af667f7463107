// Validation of a subscription request, shared by `POST /api/realtime` and the WebSocket frame (realtime.md §2).
import { BadRequestError, type ErrorData, fieldError } from '../errors.ts';

export interface SubscribeInput {
  clientId: string;
  subscriptions: string[];
}

const MAX_SUBSCRIPTIONS = 1000;
const MAX_TOPIC_LENGTH = 2500;

/**
 * `{clientId, subscriptions}` as the SDK posts it (JSON or multipart, where a single item arrives
 * as a string) → validated input; field errors in PocketBase's shape, 400.
 */
export function parseSubscribeInput(
  body: Record<string, unknown>,
  requireClientId = true,
): SubscribeInput {
  const errors: ErrorData = {};
  const rawId = body.clientId;
  const clientId = typeof rawId === 'string' ? rawId : rawId == null ? '' : String(rawId);
  if (requireClientId) {
    if (clientId === '') errors.clientId = fieldError('validation_required', 'Cannot be blank.');
    else if (clientId.length > 255)
      errors.clientId = fieldError(
        'validation_length_out_of_range',
        'The length must be between 1 and 255.',
        { min: 1, max: 255 },
      );
  }
  let list: unknown = body.subscriptions ?? [];
  if (typeof list === 'string') list = [list];
  const subscriptions: string[] = [];
  if (!Array.isArray(list)) {
    errors.subscriptions = fieldError('validation_invalid_value', 'Invalid value.');
  } else if (list.length > MAX_SUBSCRIPTIONS) {
    errors.subscriptions = fieldError(
      'validation_length_too_long',
      `The length must be no more than ${MAX_SUBSCRIPTIONS}.`,
      { max: MAX_SUBSCRIPTIONS },
    );
  } else {
    const itemErrors: ErrorData = {};
    list.forEach((item, i) => {
      const s = typeof item === 'string' ? item : String(item ?? '');
      if (s.length > MAX_TOPIC_LENGTH) {
        itemErrors[String(i)] = fieldError(
          'validation_length_too_long',
          `The length must be no more than ${MAX_TOPIC_LENGTH}.`,
          { max: MAX_TOPIC_LENGTH },
        );
      }
      subscriptions.push(s);
    });
    if (Object.keys(itemErrors).length > 0) errors.subscriptions = itemErrors;
  }
  if (Object.keys(errors).length > 0) {
    throw new BadRequestError('Something went wrong while processing your request.', errors);
  }
  return { clientId, subscriptions };
}
