// The hooks directory (`--hooksDir`): loads its top-level files, each under its own Registrar, and reloads them on change.
//
// Top-level `*.pb.js`/`*.pb.ts` run in the PocketBase-compatible runtime (pb/load.ts); other top-level
// `*.ts`/`*.js` are native modules (bundle.ts); subfolders hold libraries that run only when imported.
// A file that fails to load is reported on stderr with file:line and takes nothing with it: the
// server keeps serving, and the other files stay loaded.
import { existsSync, type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createFacade } from './facade.ts';
import { type ExtensionHost, Registrar } from './registrar.ts';

export interface HooksDirOptions {
  dir: string;
  /** Reload a file when it changes (`--hooksWatch`, PocketBase's default on). */
  watch: boolean;
}

export interface LoadedHooks {
  /** Unloads every file and stops watching. */
  dispose(): void;
  /** Resolves once the reloads queued so far have run (tests and shutdown). */
  settled(): Promise<void>;
}

/** How long changes settle before a reload: editors write a file in several steps. */
const DEBOUNCE_MS = 60;

const isPb = (name: string) => /\.pb\.[jt]s$/.test(name);
/** `main.ts`, `x.pb.js`: a top-level file that loads; `types.d.ts` (editor types) does not. */
export const isHooksFile = (name: string) => /\.[jt]s$/.test(name) && !name.endsWith('.d.ts');

/** The top-level hooks files of `dir`, in name order (PocketBase loads them sorted too). */
function hooksFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && isHooksFile(e.name))
    .map((e) => e.name)
    .sort();
}

/** Reports a file that failed to load; the message carries file:line (build log or stack). */
function report(dir: string, name: string, err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  console.error(`Error: hooks file ${join(dir, name)} failed to load:\n${detail}`);
}

/** Loads one file under a fresh registrar; on failure everything it registered is taken back. */
async function loadFile(host: ExtensionHost, dir: string, name: string): Promise<Registrar> {
  const file = join(dir, name);
  const registrar = new Registrar(host, `hooks:${name}`);
  try {
    if (isPb(name)) {
      // The PocketBase runtime (its JS parser and API layer) loads with the first *.pb.js file.
      const { loadPbHooksFile } = await import('./pb/load.ts');
      await loadPbHooksFile(registrar, file, dir);
    } else {
      // The bundler step (and middlewares.ts) loads with the first hooks file, not at every start.
      const { bundleHooksFile, evaluateBundle } = await import('./bundle.ts');
      const app = createFacade(registrar);
      await evaluateBundle(await bundleHooksFile(file, app), file, app);
    }
  } catch (err) {
    registrar.dispose();
    report(dir, name, err);
  }
  return registrar;
}

export async function loadHooksDir(
  host: ExtensionHost,
  options: HooksDirOptions,
): Promise<LoadedHooks> {
  const { dir } = options;
  const loaded = new Map<string, Registrar>();
  let queue: Promise<void> = Promise.resolve();
  let disposed = false;

  const reload = async (name: string) => {
    loaded.get(name)?.dispose();
    loaded.delete(name);
    if (disposed || !existsSync(join(dir, name))) return;
    loaded.set(name, await loadFile(host, dir, name));
  };

  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { dispose() {}, settled: async () => {} };
  }
  for (const name of hooksFiles(dir)) await reload(name);

  let watcher: FSWatcher | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = new Set<string>();
  const flush = () => {
    timer = undefined;
    const names = new Set<string>();
    for (const path of changed) {
      // A library (subfolder) or a non-hooks file may be imported by any native file: reload those.
      if (!path.includes(sep) && isHooksFile(path)) names.add(path);
      else if (!path.endsWith('.d.ts')) for (const n of loaded.keys()) if (!isPb(n)) names.add(n);
    }
    changed.clear();
    for (const name of names) queue = queue.then(() => reload(name));
  };
  if (options.watch) {
    watcher = watch(dir, { recursive: true }, (_event, filename) => {
      if (!filename || disposed) return;
      const path = relative(dir, join(dir, filename.toString()));
      // Editors' swap and backup files (`.main.ts.swp`, `main.ts~`) change nothing that loads.
      const parts = path.split(sep);
      if (parts[0] === 'node_modules' || parts.some((p) => p.startsWith('.')) || path.endsWith('~'))
        return;
      changed.add(path);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, DEBOUNCE_MS);
    });
  }

  return {
    dispose() {
      disposed = true;
      watcher?.close();
      if (timer) clearTimeout(timer);
      for (const r of loaded.values()) r.dispose();
      loaded.clear();
    },
    settled: () => queue,
  };
}
