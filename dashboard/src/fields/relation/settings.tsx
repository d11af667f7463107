// Relation options: target collection (fixed after creation), counts and cascade delete.
import { Row } from '../../components/ui.tsx';
import { collections } from '../../stores/collections.ts';
import { BoolOpt, NumOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export function RelationSettings(p: SettingsProps) {
  const isNew = !p.field.id;
  return (
    <div class="grid2">
      <Row label="Collection" error={p.errors[`${p.prefix}.collectionId`]}>
        <select
          name="collectionId"
          value={(p.field.collectionId as string) ?? ''}
          disabled={!isNew}
          onChange={(e) => p.set({ collectionId: e.currentTarget.value })}
        >
          <option value="">Select a collection</option>
          {collections.value
            .filter((c) => c.type !== 'view')
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
        </select>
      </Row>
      <NumOpt p={p} k="maxSelect" label="Max select (1 = single)" />
      <NumOpt p={p} k="minSelect" label="Min select" />
      <BoolOpt p={p} k="cascadeDelete" label="Cascade delete" />
    </div>
  );
}
