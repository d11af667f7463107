// A record's display label: its presentable fields, else common name-like fields, else its id.
import type { CollectionModel, RecordModel } from 'pocketbase';

export function recordLabel(record: RecordModel, collection?: CollectionModel): string {
  const fields = collection?.fields ?? [];
  const presentable = fields.filter((f) => f.presentable).map((f) => record[f.name]);
  const parts = presentable.length
    ? presentable
    : ['name', 'title', 'email', 'username']
        .map((k) => record[k])
        .filter(Boolean)
        .slice(0, 1);
  const text = parts.map((v) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''))).join(' · ');
  return text || record.id;
}
