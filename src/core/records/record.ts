// A record in memory: field name → internal value (see fields/kind.ts), always with `id`.
export type RecordData = Record<string, unknown> & { id: string };
