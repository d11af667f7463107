// All collections, loaded once after login and refreshed after every schema change.
import { computed, signal } from '@preact/signals';
import type { CollectionModel } from 'pocketbase';
import { errorMessage, pb } from '../pb.ts';

export const collections = signal<CollectionModel[]>([]);
export const collectionsLoading = signal(false);
export const collectionsError = signal('');

export const byName = computed(() => new Map(collections.value.map((c) => [c.name, c])));
export const byId = computed(() => new Map(collections.value.map((c) => [c.id, c])));

export async function loadCollections(): Promise<void> {
  collectionsLoading.value = true;
  try {
    collections.value = await pb.collections.getFullList({ sort: 'name', batch: 500 });
    collectionsError.value = '';
  } catch (err) {
    collectionsError.value = errorMessage(err);
  } finally {
    collectionsLoading.value = false;
  }
}

export function findCollection(idOrName: string): CollectionModel | undefined {
  return byName.value.get(idOrName) ?? byId.value.get(idOrName);
}
