// Bun.build plugin that makes `sharp` work inside `bun build --compile` (see ../shared/LIBRARIES.md §4).
// sharp picks its native addon with a computed require() path, which the bundler cannot follow, and the
// addon links libvips by soname from node_modules. The plugin replaces sharp's loader module with one that
// embeds both files, unpacks them once per content hash into a private dir under $TMPDIR, preloads libvips
// with dlopen (so the addon's DT_NEEDED resolves by soname) and loads the addon with process.dlopen.
// For a target whose native files are not installed, sharp's loader is replaced by one that throws on
// import, so the app's `await import('sharp')` rejects and it can fall back to a portable codec.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BunPlugin } from 'bun';

/** Bun's `--target` names → sharp's platform names (`bun-linux-x64` → `linux-x64`). */
function sharpPlatform(target: string): string {
  const [, os = process.platform, arch = process.arch] = target.split('-');
  return `${os === 'windows' ? 'win32' : os}-${arch}`;
}

interface NativeFiles {
  addon: string;
  libvips?: string;
}

function findNativeFiles(root: string, platform: string): NativeFiles | undefined {
  const addonDir = join(root, `node_modules/@img/sharp-${platform}/lib`);
  if (!existsSync(addonDir)) return undefined;
  const addon = readdirSync(addonDir).find((f) => f.endsWith('.node'));
  if (!addon) return undefined;
  // Linux and macOS ship libvips as a separate shared library; Windows bundles DLLs next to the addon.
  const vipsDir = join(root, `node_modules/@img/sharp-libvips-${platform}/lib`);
  const libvips = existsSync(vipsDir)
    ? readdirSync(vipsDir).find((f) => /^libvips-cpp\.(so|.*dylib)/.test(f))
    : undefined;
  return { addon: join(addonDir, addon), libvips: libvips && join(vipsDir, libvips) };
}

function hashFiles(paths: string[]): string {
  const h = createHash('sha256');
  for (const p of paths) h.update(readFileSync(p));
  return h.digest('hex').slice(0, 16);
}

function embeddedLoader(files: NativeFiles & { libvips: string }): string {
  const vipsName = files.libvips.split('/').pop()!;
  const cacheKey = hashFiles([files.addon, files.libvips]);
  const sizes = {
    vips: readFileSync(files.libvips).length,
    addon: readFileSync(files.addon).length,
  };
  return `
import vipsFile from ${JSON.stringify(files.libvips)} with { type: "file" };
import addonFile from ${JSON.stringify(files.addon)} with { type: "file" };
import { dlopen } from "bun:ffi";
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// One dir per content hash and user: later starts (and later versions with the same sharp) reuse it.
const uid = typeof process.getuid === "function" ? process.getuid() : 0;
const dir = join(tmpdir(), "satchel-native-" + uid + "-" + ${JSON.stringify(cacheKey)});
mkdirSync(dir, { recursive: true, mode: 0o700 });
const st = lstatSync(dir);
// A shared /tmp: refuse a dir someone else made, since we are about to load code from it.
if (!st.isDirectory() || (typeof process.getuid === "function" && st.uid !== uid) || (st.mode & 0o022) !== 0) {
  throw new Error("sharp: refusing to use " + dir + " (not a private directory owned by this user)");
}
function unpack(src, name, size) {
  const dest = join(dir, name);
  if (existsSync(dest) && statSync(dest).size === size) return dest;
  const tmp = dest + "." + process.pid + ".tmp";
  writeFileSync(tmp, readFileSync(src), { mode: 0o700 });
  renameSync(tmp, dest); // atomic: a concurrent start sees the whole file or none
  return dest;
}
const vipsPath = unpack(vipsFile, ${JSON.stringify(vipsName)}, ${sizes.vips});
// dlopen needs one symbol; keep the handle so libvips stays loaded for the addon.
globalThis.__satchelLibvips = dlopen(vipsPath, { vips_version: { args: ["i32"], returns: "i32" } });
const mod = { exports: {} };
process.dlopen(mod, unpack(addonFile, "sharp.node", ${sizes.addon}));
export default mod.exports;
`;
}

const unavailable = (platform: string) => `
throw new Error("sharp is not embedded in this build (no native files for ${platform})");
export default undefined;
`;

/** The plugin for `Bun.build`; `target` is the compile target (`bun-linux-x64`, …), host when omitted. */
export function sharpEmbedPlugin(root: string, target?: string): BunPlugin {
  const platform = sharpPlatform(target ?? `bun-${process.platform}-${process.arch}`);
  const files = findNativeFiles(root, platform);
  return {
    name: 'sharp-embed',
    setup(build) {
      build.onLoad({ filter: /[\\/]sharp[\\/]dist[\\/]sharp\.mjs$/ }, () => ({
        contents: files?.libvips
          ? embeddedLoader({ ...files, libvips: files.libvips })
          : unavailable(platform),
        loader: 'js',
      }));
      // The CommonJS entry (`require('sharp')`) gets the same loader.
      build.onLoad({ filter: /[\\/]sharp[\\/]dist[\\/]sharp\.cjs$/ }, () => ({
        contents: 'module.exports = require("./sharp.mjs").default;',
        loader: 'js',
      }));
    },
  };
}
