// `satchel superuser upsert|create|update|delete` (placeholder: the auth module implements it).
import type { ParsedArgs } from './args.ts';

export const superuserHelp = `Usage: satchel superuser <upsert|create|update|delete> EMAIL [PASSWORD] [--dir=PATH]`;

export async function runSuperuser(_args: ParsedArgs): Promise<number> {
  console.error('not implemented yet');
  return 1;
}
