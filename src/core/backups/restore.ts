// Restoring a backup: extract and check it beside the data dir, then swap the dir's contents (not the dir).
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkDataDatabase } from '../../db/snapshot.ts';
import { KEPT_ENTRIES, makeTempDir, TEMP_DIR } from './archive.ts';
import type { SwapContents } from './state.ts';
import { BadArchiveError, extractZip, listZip, type Progress } from './zip.ts';

/**
 * Extracts `zipPath` into a temp dir inside `dataDir` and checks it: a sound zip with safe names
 * holding a `data.db` that opens, passes `integrity_check` and has `_collections` (PocketBase only
 * asks for the file). Returns the extracted dir; throws BadArchiveError with nothing else changed.
 */
export async function prepareRestore(
  dataDir: string,
  zipPath: string,
  onProgress?: Progress,
): Promise<string> {
  const names = await listZip(zipPath);
  if (!names.includes('data.db')) throw new BadArchiveError('the archive has no data.db');
  const dir = makeTempDir(dataDir, 'restore-');
  try {
    await extractZip(zipPath, dir, onProgress);
    const check = await checkDataDatabase(join(dir, 'data.db'));
    if (!check.ok) throw new BadArchiveError(check.reason);
    // What a restore never replaces (the backups themselves, temp dirs, the lock) is dropped here.
    for (const name of KEPT_ENTRIES) rmSync(join(dir, name), { recursive: true, force: true });
    return dir;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Top-level names of `dir` a swap moves. */
const movable = (dir: string) => readdirSync(dir).filter((name) => !KEPT_ENTRIES.has(name));

/**
 * The swap for `extracted` → `dataDir`, run with the databases closed. Entries are renamed one by
 * one (the dir itself may be a mount point): the current ones into a temp dir, then the restored
 * ones in. A failure half-way puts everything back before rethrowing.
 */
export function swapContents(dataDir: string, extracted: string): SwapContents {
  return async () => {
    mkdirSync(join(dataDir, TEMP_DIR), { recursive: true });
    const previous = makeTempDir(dataDir, 'previous-');
    const movedOut: string[] = [];
    let movingIn = false;
    const rollback = async () => {
      // Once all old entries are out, everything in the dir goes, not only what was moved in: a
      // failed open of the restored databases leaves -wal/-shm files that would be replayed onto
      // the old data.db. (Before that, what is left in the dir is old and stays.)
      if (movingIn) {
        for (const name of movable(dataDir)) {
          rmSync(join(dataDir, name), { recursive: true, force: true });
        }
      }
      for (const name of movedOut.splice(0)) renameSync(join(previous, name), join(dataDir, name));
      rmSync(previous, { recursive: true, force: true });
      rmSync(extracted, { recursive: true, force: true });
    };
    try {
      for (const name of movable(dataDir)) {
        renameSync(join(dataDir, name), join(previous, name));
        movedOut.push(name);
      }
      movingIn = true;
      for (const name of movable(extracted)) {
        renameSync(join(extracted, name), join(dataDir, name));
      }
    } catch (err) {
      await rollback();
      throw err;
    }
    return {
      async commit() {
        await rm(previous, { recursive: true, force: true });
        await rm(extracted, { recursive: true, force: true });
      },
      rollback,
    };
  };
}
