// Relation cell: labels of the expanded records (the list requests the expand), else ids.
import type { RecordModel } from 'pocketbase';
import { findCollection } from '../../stores/collections.ts';
import type { ViewProps } from '../types.ts';
import { recordLabel } from './label.ts';

export function RelationView({ field, value, record }: ViewProps) {
  const ids: string[] = Array.isArray(value) ? value : value ? [String(value)] : [];
  const ex = record.expand?.[field.name] as RecordModel | RecordModel[] | undefined;
  const list = Array.isArray(ex) ? ex : ex ? [ex] : [];
  const target = findCollection(String(field.collectionId ?? ''));
  const byId = new Map(list.map((r) => [r.id, r]));
  return (
    <span class="chips">
      {ids.slice(0, 3).map((id) => (
        <span class="chip" key={id}>
          {byId.has(id) ? recordLabel(byId.get(id)!, target) : id}
        </span>
      ))}
      {ids.length > 3 && <span class="muted">+{ids.length - 3}</span>}
    </span>
  );
}
