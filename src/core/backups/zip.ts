// Zip archives of a data dir: written as a stream with yazl, read back and checked with yauzl.
import { closeSync, createReadStream, createWriteStream, mkdirSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as yauzl from 'yauzl';

// The zip libraries load with the first backup, upload or restore: most starts never touch a zip.
const loadYauzl = async () => (await import('yauzl')).default;
const loadYazl = async () => (await import('yazl')).default;

export interface ZipSource {
  /** The file on disk. */
  path: string;
  /** Its name inside the archive (`/`-separated, relative). */
  name: string;
  size: number;
}

/** Bytes done of the total; called as data flows. */
export type Progress = (done: number, total: number) => void;

/**
 * Deflate level 2: Bun's zlib at level 1 gains far less on SQLite pages of text (its quick mode,
 * fixed Huffman codes by the look of it: bench/backup.ts's 103 MB database gave 66 MB at level 1,
 * 42 MB at 2 and at 6; PocketBase's archive 40 MB). Level 2 takes about twice level 1's CPU, level 6 more on other data;
 * the backup took no longer (less to write) and the writers' latency didn't move.
 */
const LEVEL = 2;

/**
 * Streams `sources` into a zip at `dest`. A source deleted meanwhile (a file removed by a write
 * going on) is skipped rather than failing the whole backup.
 */
export async function writeZip(
  sources: ZipSource[],
  dest: string,
  onProgress?: Progress,
): Promise<void> {
  const total = sources.reduce((n, s) => n + s.size, 0);
  let done = 0;
  const zip = new (await loadYazl()).ZipFile();
  const unread = new Set<number>();
  for (const source of sources) {
    let fd: number;
    try {
      // Opened now: the descriptor keeps the bytes readable even if the file is unlinked later.
      fd = openSync(source.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    unread.add(fd);
    zip.addReadStreamLazy(source.name, { compressionLevel: LEVEL }, (cb) => {
      unread.delete(fd); // the stream closes it
      const stream = createReadStream('', { fd });
      stream.on('data', (chunk) => {
        done += chunk.length;
        onProgress?.(done, total);
      });
      cb(null, stream);
    });
  }
  zip.end();
  const failed = new Promise<never>((_, reject) => zip.on('error', reject));
  try {
    await Promise.race([writeSynced(zip.outputStream, dest), failed]);
  } finally {
    for (const fd of unread) closeSync(fd);
  }
}

/** Flush to disk every this many bytes written. */
const SYNC_EVERY = 8 << 20;

/**
 * Writes `input` to `path`, syncing every few MB. On ext4 (data=ordered) an fsync waits for the
 * dirty data of every file in the same journal commit: a backup left to pile up 100 MB in the page
 * cache would stall the app's next WAL checkpoint, and with it a write request.
 */
async function writeSynced(input: NodeJS.ReadableStream, path: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    let unsynced = 0;
    for await (const chunk of input as AsyncIterable<Buffer>) {
      await file.write(chunk);
      unsynced += chunk.length;
      if (unsynced >= SYNC_EVERY) {
        await file.datasync();
        unsynced = 0;
      }
    }
    await file.datasync();
  } finally {
    await file.close();
  }
}

/** Why an archive is refused; the message is shown to the client. */
export class BadArchiveError extends Error {}

/** `a/b.txt` → ok; `../x`, `/x`, `C:\x`, `a/../../x`, `a\\b` → refused (yauzl refuses most too). */
function isSafeEntryName(name: string): boolean {
  if (name.length === 0 || name.includes('\0') || name.includes('\\')) return false;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return false;
  return name
    .replace(/\/$/, '')
    .split('/')
    .every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Entry names of a zip without extracting: throws BadArchiveError for anything not a sound zip. */
export async function listZip(path: string): Promise<string[]> {
  const lib = await loadYauzl();
  let zip: yauzl.ZipFile;
  try {
    zip = await lib.openPromise(path, {
      lazyEntries: true,
      strictFileNames: true,
      autoClose: false,
    });
  } catch (err) {
    throw new BadArchiveError(`not a valid zip archive (${(err as Error).message})`);
  }
  const names: string[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (!isSafeEntryName(entry.fileName)) {
        throw new BadArchiveError(`unsafe entry name ${JSON.stringify(entry.fileName)}`);
      }
      names.push(entry.fileName);
    }
  } catch (err) {
    if (err instanceof BadArchiveError) throw err;
    throw new BadArchiveError(`not a valid zip archive (${(err as Error).message})`);
  } finally {
    zip.close();
  }
  return names;
}

/**
 * Extracts every entry under `destDir`, checking names (no `..`, no absolute paths) and sizes
 * (yauzl's validateEntrySizes catches a truncated or lying archive). Throws BadArchiveError.
 */
export async function extractZip(
  path: string,
  destDir: string,
  onProgress?: Progress,
): Promise<void> {
  const lib = await loadYauzl();
  let zip: yauzl.ZipFile;
  try {
    zip = await lib.openPromise(path, {
      lazyEntries: true,
      strictFileNames: true,
      validateEntrySizes: true,
      // Closed by us: entries are listed (and checked) first, then read.
      autoClose: false,
    });
  } catch (err) {
    throw new BadArchiveError(`not a valid zip archive (${(err as Error).message})`);
  }
  try {
    const entries: yauzl.Entry[] = [];
    for await (const entry of zip.eachEntry()) {
      if (!isSafeEntryName(entry.fileName)) {
        throw new BadArchiveError(`unsafe entry name ${JSON.stringify(entry.fileName)}`);
      }
      entries.push(entry);
    }
    const total = entries.reduce((n, e) => n + e.uncompressedSize, 0);
    let done = 0;
    for (const entry of entries) {
      const target = join(destDir, entry.fileName);
      if (entry.fileName.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      const stream = await zip.openReadStreamPromise(entry);
      stream.on('data', (chunk: Buffer) => {
        done += chunk.length;
        onProgress?.(done, total);
      });
      const { pipeline } = await import('node:stream/promises');
      await pipeline(stream, createWriteStream(target));
    }
  } catch (err) {
    if (err instanceof BadArchiveError) throw err;
    throw new BadArchiveError(`not a valid zip archive (${(err as Error).message})`);
  } finally {
    zip.close();
  }
}
