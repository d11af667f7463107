// What the records filter offers while typing: the collection's fields, one level into relations,
// @request/@collection paths, date macros and modifiers; and the filters used before.
import type { Completion } from '@codemirror/autocomplete';
import type { CollectionModel } from 'pocketbase';
import { ruleCompletions } from '../../components/RuleEditor.tsx';
import { collections } from '../../stores/collections.ts';

export function filterCompletions(c: CollectionModel): Completion[] {
  const fields: Completion[] = c.fields.map((f) => ({
    label: f.name,
    type: 'property',
    detail: f.type,
    boost: 2,
  }));
  const nested: Completion[] = c.fields
    .filter((f) => f.type === 'relation')
    .flatMap((f) => {
      const target = collections.value.find((x) => x.id === f.collectionId);
      return (target?.fields ?? []).map((sub) => ({
        label: `${f.name}.${sub.name}`,
        type: 'property',
        detail: `${target?.name}.${sub.type}`,
        boost: 1,
      }));
    });
  const own = new Set([...fields, ...nested].map((x) => x.label));
  const rest: Completion[] = ruleCompletions(c)
    .filter((w) => !own.has(w))
    .map((w) => ({ label: w, type: w.startsWith(':') ? 'function' : 'variable' }));
  return [...fields, ...nested, ...rest];
}

const recentKey = (c: CollectionModel) => `satchel_recent_filters_${c.id}`;

export function recentFilters(c: CollectionModel): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(recentKey(c)) ?? '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Keeps the last ten distinct filters, newest first. */
export function rememberFilter(c: CollectionModel, filter: string): void {
  if (!filter) return;
  const next = [filter, ...recentFilters(c).filter((f) => f !== filter)].slice(0, 10);
  localStorage.setItem(recentKey(c), JSON.stringify(next));
}
