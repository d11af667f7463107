// Which columns the records table shows, remembered per collection in localStorage.
import type { CollectionModel } from 'pocketbase';

const key = (c: CollectionModel) => `satchel_columns_${c.id}`;

export function defaultHidden(c: CollectionModel): string[] {
  return c.fields
    .filter((f) => f.type === 'password' || (c.type === 'auth' && f.name === 'tokenKey'))
    .map((f) => f.name);
}

export function loadHidden(c: CollectionModel): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(key(c)) ?? 'null');
    return Array.isArray(v) ? v : defaultHidden(c);
  } catch {
    return defaultHidden(c);
  }
}

export function saveHidden(c: CollectionModel, hidden: string[]): void {
  localStorage.setItem(key(c), JSON.stringify(hidden));
}
