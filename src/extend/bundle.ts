// Loads one native hooks file: Bun.build bundles it with its npm imports, then the bundle is evaluated.
//
// Why bundle instead of `import(file)`: inside the compiled binary a plain import of a file outside
// it cannot resolve npm packages; Bun.build resolves them from `node_modules` beside the hooks dir
// (walking up from the file, as Node does) in the binary too, and every load is a fresh module, so
// a reload never sees the previous version's state. `import … from 'satchel'` resolves to a virtual
// module that reads the facade of the file being loaded from a global slot set just for that load.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { BunPlugin } from 'bun';
import * as errors from '../core/errors.ts';
import type { HookApp } from './facade.ts';
import * as middlewares from './middlewares.ts';

const SLOT = Symbol.for('satchel.extend.loading');

/** What `import … from 'satchel'` gives a hooks file besides the facade's own functions. */
const LIBRARY: Record<string, unknown> = { ...errors, ...middlewares };

/** A file that failed to build: the bundler's messages, each with `file:line:column`. */
export class HookBuildError extends Error {}

type Slot = { app: Record<string, unknown>; lib: Record<string, unknown> };

/** The module `satchel` and `satchel/hooks` resolve to inside a hooks file. */
function virtualModule(app: object): string {
  const names = (o: object) => Object.keys(o).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
  const slot = `globalThis[Symbol.for(${JSON.stringify(SLOT.description)})]`;
  const lines = [
    `const s = ${slot};`,
    `if (!s) throw new Error("'satchel' can only be imported while a hooks file loads");`,
    ...names(app).map((k) => `export const ${k} = s.app.${k};`),
    ...names(LIBRARY)
      .filter((k) => !(k in app))
      .map((k) => `export const ${k} = s.lib.${k};`),
    'export default s.app;',
  ];
  return lines.join('\n');
}

function satchelPlugin(app: object): BunPlugin {
  return {
    name: 'satchel-hooks-api',
    setup(build) {
      build.onResolve({ filter: /^satchel(\/hooks)?$/ }, (args) => ({
        path: args.path,
        namespace: 'satchel-api',
      }));
      build.onLoad({ filter: /.*/, namespace: 'satchel-api' }, () => ({
        loader: 'js',
        contents: virtualModule(app),
      }));
    },
  };
}

/** `file:line:col: message` for each bundler error. */
function describeBuildLogs(logs: readonly (BuildMessage | ResolveMessage)[]): string {
  return logs
    .filter((l) => l.level === 'error')
    .map((l) => {
      const p = l.position;
      return p ? `${p.file}:${p.line}:${p.column}: ${l.message}` : l.message;
    })
    .join('\n');
}

/** Bundles `file` with its imports (npm ones included) into one ESM text with an inline source map. */
export async function bundleHooksFile(file: string, app: object): Promise<string> {
  let result: Bun.BuildOutput;
  try {
    result = await Bun.build({
      entrypoints: [file],
      target: 'bun',
      format: 'esm',
      // Inline: errors thrown by the bundle name the hooks file's own lines.
      sourcemap: 'inline',
      throw: false,
      plugins: [satchelPlugin(app)],
    });
  } catch (err) {
    const logs = err instanceof AggregateError ? err.errors : [];
    throw new HookBuildError(describeBuildLogs(logs) || String(err));
  }
  if (!result.success || !result.outputs[0]) {
    throw new HookBuildError(describeBuildLogs(result.logs) || `${file}: build failed`);
  }
  return withAbsoluteSources(await result.outputs[0].text());
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

/**
 * Bun writes the map's sources relative to the working dir, but the bundle runs from a scratch
 * dir, where those paths resolve elsewhere: absolute ones name the hooks file wherever both are.
 */
function withAbsoluteSources(code: string): string {
  const m = INLINE_MAP.exec(code);
  if (!m) return code;
  const map = JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as { sources?: string[] };
  map.sources = map.sources?.map((s) => (s.includes(':') ? s : resolve(s)));
  const encoded = Buffer.from(JSON.stringify(map)).toString('base64');
  return `${code.slice(0, m.index)}//# sourceMappingURL=data:application/json;base64,${encoded}\n`;
}

// One load at a time process-wide: the slot is global (the bundle reads it while it evaluates).
let loading: Promise<unknown> = Promise.resolve();
let sequence = 0;
let scratch: string | undefined;

/** Evaluates a bundle with `app` as its `satchel` import; calls its default export with `app`. */
export function evaluateBundle(code: string, file: string, app: HookApp<object>): Promise<void> {
  const run = async () => {
    if (!scratch) {
      const dir = mkdtempSync(join(tmpdir(), 'satchel-hooks-'));
      scratch = dir;
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    // A new name per load: the module cache would otherwise hand back the previous version.
    const path = join(scratch as string, `${basename(file)}.${++sequence}.mjs`);
    writeFileSync(path, code);
    const g = globalThis as unknown as Record<symbol, Slot | undefined>;
    g[SLOT] = { app: app as unknown as Record<string, unknown>, lib: LIBRARY };
    try {
      const mod = (await import(path)) as { default?: unknown };
      if (typeof mod.default === 'function') await mod.default(app);
    } finally {
      g[SLOT] = undefined;
      rmSync(path, { force: true });
    }
  };
  const done = loading.then(run, run);
  loading = done.catch(() => {});
  return done;
}
