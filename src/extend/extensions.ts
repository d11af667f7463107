// Everything that extends one opened app: the library program's extension functions, then the hooks dir.
import { createFacade, type Extension } from './facade.ts';
import { type LoadedHooks, loadHooksDir } from './hooks-dir.ts';
import { type ExtensionHost, Registrar } from './registrar.ts';

export interface ExtensionOptions {
  /** The hooks directory; none when unset. */
  hooksDir?: string;
  /** Reload hooks files on change (default on). */
  hooksWatch?: boolean;
  /** A library program's registrations, run at every open (start and after a restore). */
  // biome-ignore lint/suspicious/noExplicitAny: each extension types its own records map.
  extensions?: readonly Extension<any>[];
}

export interface LoadedExtensions {
  dispose(): void;
  /** The hooks dir's pending reloads. */
  settled(): Promise<void>;
}

export async function loadExtensions(
  host: ExtensionHost,
  options: ExtensionOptions,
): Promise<LoadedExtensions> {
  const registrars: Registrar[] = [];
  // A library program's own code: a failure here is a programming error and stops the start.
  for (const [i, extension] of (options.extensions ?? []).entries()) {
    const registrar = new Registrar(host, `library:${i}`);
    registrars.push(registrar);
    await extension(createFacade(registrar));
  }
  const hooks: LoadedHooks | undefined = options.hooksDir
    ? await loadHooksDir(host, { dir: options.hooksDir, watch: options.hooksWatch ?? true })
    : undefined;
  return {
    dispose() {
      hooks?.dispose();
      for (const r of registrars.splice(0)) r.dispose();
    },
    settled: () => hooks?.settled() ?? Promise.resolve(),
  };
}
