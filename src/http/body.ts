// Reads a request body as the SDK sends it (placeholder: JSON only; the records module completes it).
import { BadRequestError } from '../core/errors.ts';

export type Body = Record<string, unknown>;

export async function readBody(request: Request, _limit: number): Promise<Body> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : {};
  } catch {
    throw new BadRequestError('Failed to read the submitted data.');
  }
}
