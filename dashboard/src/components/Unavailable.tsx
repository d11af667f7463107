// Shown by pages whose server API does not exist yet (404 from the SDK call).
import { ClientResponseError } from '../pb.ts';

export const isMissingApi = (err: unknown) =>
  err instanceof ClientResponseError && err.status === 404;

export function Unavailable({ what }: { what: string }) {
  return (
    <div class="empty card" data-testid="unavailable">
      <h2>{what} not available</h2>
      <p class="muted">This server does not provide the {what.toLowerCase()} API yet.</p>
    </div>
  );
}
