// How to run this program again from the user's shell, for hints such as "create a superuser with …".
import { basename, isAbsolute, relative } from 'node:path';

/** The compiled binary runs its bundled entry from Bun's virtual file system. */
export function isCompiled(): boolean {
  return Bun.main.startsWith('/$bunfs/');
}

/** `/home/me/satchel/dist/satchel` seen from `/home/me/satchel` → `./dist/satchel`. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (!rel || isAbsolute(rel) || rel.length >= path.length) return path;
  return rel.startsWith('..') ? rel : `./${rel}`;
}

/**
 * The command prefix that runs Satchel here: `satchel` when the binary is on PATH, its path when
 * not, and `npx bun src/main.ts` from a source checkout (there is no `satchel` command there).
 */
export function selfCommand(): string {
  if (isCompiled()) {
    const name = basename(process.execPath);
    return Bun.which(name) === process.execPath ? name : shortPath(process.execPath);
  }
  return `npx bun ${shortPath(Bun.main).replace(/^\.\//, '')}`;
}

/** `/tmp/my data` → `'/tmp/my data'`; plain paths stay as they are. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * The argv that runs this program again with the same arguments (`serve --workers` starting its
 * workers): the compiled binary takes its arguments directly, a source checkout runs its entry file.
 */
export function selfArgv(): string[] {
  const args = process.argv.slice(2);
  return isCompiled() ? [process.execPath, ...args] : [process.execPath, Bun.main, ...args];
}
