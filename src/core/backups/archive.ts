// A data dir as a zip: online snapshots of the databases plus every other file, minus backups and temp files.
import { mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type SnapshotWorker, snapshotDatabase } from '../../db/snapshot.ts';
import { BACKUPS_DIR } from './filesystem.ts';
import { type Progress, writeZip, type ZipSource } from './zip.ts';

/** Inside the data dir (same filesystem, so finished files are renamed into place), never archived. */
export const TEMP_DIR = '.satchel_temp';

/**
 * Top-level entries a backup never holds and a restore never replaces. `.autocert_cache` (the TLS
 * keys, src/tls/cert-cache.ts) as PocketBase: private keys stay off backup storage, and a restore
 * keeps the certificate being served.
 */
export const KEPT_ENTRIES = new Set([
  BACKUPS_DIR,
  TEMP_DIR,
  '.pb_temp_to_delete',
  '.satchel.lock',
  '.autocert_cache',
]);

const DATABASES = ['data.db', 'auxiliary.db'];

/** SQLite side files: the snapshots already hold what they had. */
const isSideFile = (name: string) => /-(wal|shm|journal)$/.test(name);

/** A fresh temp dir under `<dataDir>/.satchel_temp`. */
export function makeTempDir(dataDir: string, prefix: string): string {
  const root = join(dataDir, TEMP_DIR);
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}

/** Every file under `dir` (recursively) except the kept entries, databases and side files at the top. */
function otherFiles(dataDir: string): ZipSource[] {
  const out: ZipSource[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return; // removed meanwhile
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      const rel = relative(dataDir, path).split('\\').join('/');
      if (dir === dataDir && (KEPT_ENTRIES.has(name) || DATABASES.includes(name))) continue;
      if (isSideFile(name)) continue;
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) out.push({ path, name: rel, size: st.size });
    }
  };
  walk(dataDir);
  return out;
}

/**
 * Writes the archive of `dataDir` to `dest`. The databases are copied first with `VACUUM INTO` in a
 * worker (one consistent moment each, writers never wait), then the other files (`storage/`, …) are
 * opened right away and streamed. A file written after the snapshot may be in the zip without a row
 * pointing at it; that orphan is harmless.
 */
export async function writeArchive(
  dataDir: string,
  dest: string,
  worker: SnapshotWorker,
  onProgress?: Progress,
) {
  const tmp = makeTempDir(dataDir, 'snapshot-');
  try {
    const sources: ZipSource[] = [];
    for (const db of DATABASES) {
      const src = join(dataDir, db);
      try {
        statSync(src);
      } catch {
        continue;
      }
      const copy = join(tmp, db);
      await snapshotDatabase(src, copy, worker);
      sources.push({ path: copy, name: db, size: statSync(copy).size });
    }
    sources.push(...otherFiles(dataDir));
    await writeZip(sources, dest, onProgress);
  } finally {
    // Async: unlinking a 100 MB copy would stall the event loop (and every request) for a while.
    await rm(tmp, { recursive: true, force: true });
  }
}
