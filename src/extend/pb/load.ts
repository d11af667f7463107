// Loads one `*.pb.js` file (PocketBase's JSVM API) into a registrar: rewrite, evaluate, report file:line.
//
// Evaluated with an indirect `eval` of a function over the rewritten text (rewrite.ts): it works
// inside the compiled binary, sees exactly PocketBase's globals, and (unlike `new Function`, which
// adds two lines of its own) keeps the file's line numbers in every stack trace. Scope, knowingly more lenient than PocketBase: there
// each handler runs isolated from the file's top level (only `require()` shares code); here a
// handler is a plain closure and may use the file's top-level helpers and constants. Files written
// for PocketBase don't rely on the isolation, so they run the same.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Registrar } from '../registrar.ts';
import { createGlobals } from './globals.ts';
import { RewriteError, rewritePbSource } from './rewrite.ts';
import { writeTypesFile } from './types-file.ts';

type Globals = ReturnType<typeof createGlobals>;
type AsyncMethod = (cb: (...a: unknown[]) => unknown, init?: unknown) => Promise<unknown>;

/** `xs.forEach(asyncCb)` as the rewrite emits it: each callback awaited before the next. */
function pbArray(list: unknown, method: string): AsyncMethod {
  const xs = Array.isArray(list) ? list : Array.from(list as ArrayLike<unknown>);
  return async (cb, ...rest) => {
    if (method === 'reduce') {
      let acc = rest.length ? rest[0] : xs[0];
      for (let i = rest.length ? 0 : 1; i < xs.length; i++)
        acc = await (cb as (a: unknown, x: unknown, i: number, all: unknown[]) => unknown)(
          acc,
          xs[i],
          i,
          xs,
        );
      return acc;
    }
    const results: unknown[] = [];
    for (let i = 0; i < xs.length; i++) results.push(await cb(xs[i], i, xs));
    switch (method) {
      case 'forEach':
        return undefined;
      case 'map':
        return results;
      case 'flatMap':
        return results.flat();
      case 'filter':
        return xs.filter((_, i) => results[i]);
      case 'some':
        return results.some(Boolean);
      case 'every':
        return results.every(Boolean);
      case 'find':
        return xs.find((_, i) => results[i]);
      case 'findIndex':
        return results.findIndex(Boolean);
    }
    throw new Error(`unsupported array method ${method}`);
  };
}

/** The first stack line of `file`, as a line number of the file itself. */
function lineOf(err: unknown, file: string): number | null {
  const stack = String((err as Error)?.stack ?? '');
  const esc = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${esc}:(\\d+)(?::(\\d+))?`).exec(stack);
  return m ? Number(m[1]) : null;
}

let transpiler: InstanceType<typeof Bun.Transpiler> | undefined;

/**
 * A `*.pb.ts` file: its types removed first (Bun's transpiler), then rewritten as a `.pb.js`.
 * Line numbers of later errors are then the transpiled text's.
 */
function stripTypes(file: string, source: string): string {
  transpiler ??= new Bun.Transpiler({ loader: 'ts', trimUnusedImports: true });
  try {
    return transpiler.transformSync(source);
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * `eval` under another name runs in the global scope: the file sees no local of this module. The
 * code is the operator's own hooks file (trusted, as in PocketBase), never request input.
 */
// biome-ignore lint/security/noGlobalEval: evaluating the hooks file is this module's job.
const indirectEval: (code: string) => unknown = globalThis.eval;

/** Runs a rewritten file with the globals plus `extra` (module/exports for `require`). */
function evaluate(file: string, source: string, globals: object, extra: object): Promise<unknown> {
  let code: string;
  try {
    code = rewritePbSource(file.endsWith('.ts') ? stripTypes(file, source) : source);
  } catch (err) {
    if (err instanceof RewriteError)
      throw new Error(`${file}:${err.line}:${err.column}: ${err.message}`);
    throw err;
  }
  const scope = { ...globals, ...extra, __pbArray: pbArray };
  // Sloppy mode, as goja runs PocketBase's files. The header shares the file's first line.
  const params = Object.keys(scope).join(', ');
  const text = `(function (${params}) { return (async () => {${code}\n})(); })\n//# sourceURL=${file}`;
  const run = indirectEval(text) as (...args: unknown[]) => Promise<unknown>;
  return run(...Object.values(scope));
}

/** `require(path)`: a CommonJS file (relative paths from the hooks dir), evaluated once per load. */
function createRequire(hooksDir: string, globals: () => Globals) {
  const cache = new Map<string, Promise<unknown>>();
  const req = async (path: string): Promise<unknown> => {
    const file = isAbsolute(path) ? path : resolve(hooksDir, path);
    const have = cache.get(file);
    if (have) return have;
    const module = { exports: {} as unknown };
    const done = evaluate(file, readFileSync(file, 'utf8'), globals(), {
      module,
      exports: module.exports,
    }).then(() => module.exports);
    cache.set(file, done);
    return done;
  };
  return req;
}

/**
 * Loads `file` into `registrar`. A failure (syntax error, a throw at the top level, an async
 * callback handed to `sort`) throws an Error whose message starts with `file:line`.
 */
export async function loadPbHooksFile(
  registrar: Registrar,
  file: string,
  hooksDir: string,
): Promise<void> {
  const name = relative(hooksDir, file) || file;
  writeTypesFile(hooksDir);
  let globals: Globals | undefined;
  const require = createRequire(hooksDir, () => globals!);
  globals = { ...createGlobals(registrar, resolve(hooksDir)), require } as Globals;
  const source = readFileSync(file, 'utf8');
  try {
    await evaluate(file, source, globals, {});
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (msg.startsWith(`${file}:`)) throw new Error(msg.replace(file, name));
    const line = lineOf(err, file);
    throw new Error(`${name}:${line ?? 1}: ${msg}`, { cause: err });
  }
}
