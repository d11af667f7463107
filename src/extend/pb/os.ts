// `$os`: the few Go `os` functions hook files use (environment, files, dirs), byte data as arrays.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { unsupported } from './errors.ts';

/** Go's []byte as goja hands it to JS: an array of numbers (`toString(bytes)` turns it back). */
const bytes = (b: Buffer) => Array.from(b);

function toBuffer(data: unknown): Buffer {
  if (typeof data === 'string') return Buffer.from(data);
  if (Array.isArray(data) || data instanceof Uint8Array) return Buffer.from(data as number[]);
  return Buffer.from(String(data));
}

function info(path: string) {
  const s = statSync(path);
  const name = path.split(/[\\/]/).pop() ?? path;
  return {
    name: () => name,
    size: () => s.size,
    isDir: () => s.isDirectory(),
    modTime: () => s.mtime,
    mode: () => s.mode,
  };
}

export const os = {
  getenv: (name: string) => process.env[String(name)] ?? '',
  readFile: (path: string) => bytes(readFileSync(String(path))),
  writeFile: (path: string, data: unknown, perm = 0o644) =>
    writeFileSync(String(path), toBuffer(data), { mode: perm }),
  readDir: (path: string) =>
    readdirSync(String(path))
      .sort()
      .map((n) => ({
        name: () => n,
        isDir: () => statSync(`${path}/${n}`).isDirectory(),
        info: () => info(`${path}/${n}`),
      })),
  stat: (path: string) => {
    if (!existsSync(String(path))) throw new Error(`stat ${path}: no such file or directory`);
    return info(String(path));
  },
  mkdir: (path: string, perm = 0o755) => mkdirSync(String(path), { mode: perm }),
  mkdirAll: (path: string, perm = 0o755) =>
    mkdirSync(String(path), { mode: perm, recursive: true }),
  remove: (path: string) => rmSync(String(path)),
  removeAll: (path: string) => rmSync(String(path), { recursive: true, force: true }),
  tempDir: () => process.env.TMPDIR ?? '/tmp',
  getwd: () => process.cwd(),
  args: () => process.argv.slice(1),
  exit: unsupported('$os.exit'),
  exec: unsupported('$os.exec'),
  cmd: unsupported('$os.cmd'),
};

/** The global `toString(value)`: bytes (an array of numbers) as UTF-8 text, else `String(value)`. */
export function toStringGlobal(v: unknown): string {
  if (Array.isArray(v) || v instanceof Uint8Array) return Buffer.from(v as number[]).toString();
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
