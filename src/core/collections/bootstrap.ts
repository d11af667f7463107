// Fresh data dirs get the system collections and `users` (placeholder: the collections module fills this in).
import type { Core } from '../context.ts';

export async function bootstrapCollections(_core: Core): Promise<void> {}
