// The single build entry: dashboard → embedded asset map → one self-contained `satchel` binary per target.
//   bun scripts/build.ts                         dist/satchel for this machine
//   bun scripts/build.ts --target=bun-linux-arm64 --outfile=dist/satchel-linux-arm64
//   bun scripts/build.ts --all                   this machine + every cross target that builds
//   bun node_modules/satchel/scripts/build.ts --entry=main.ts --outfile=dist/my-app
//                                                a program using Satchel as a library, as its own binary
// Version and git commit are baked in with `define` (read by src/cli/version.ts). Nothing is
// written into Satchel's tree: the dashboard is built into a temp dir and its asset map is served
// to the bundler by a plugin in place of src/http/dashboard-assets.gen.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BunPlugin } from 'bun';
import pkg from '../package.json' with { type: 'json' };
import { MAX_HEADER_FLAG } from '../src/http/header-limit.ts';
import { assetMapSource, buildDashboard } from './build-dashboard.ts';
import { lazyImportsPlugin } from './lazy-imports.ts';
import { sharpEmbedPlugin } from './sharp-embed.ts';

const root = resolve(import.meta.dir, '..');

/** Cross targets tried by `--all`; the file name suffix is the part after `bun-`. */
export const CROSS_TARGETS = [
  'bun-linux-x64',
  'bun-linux-arm64',
  'bun-darwin-arm64',
  'bun-windows-x64',
] as const;

function gitCommit(): string {
  if (process.env.SATCHEL_COMMIT) return process.env.SATCHEL_COMMIT; // e.g. a Docker build without .git
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
    })
      .toString()
      .trim();
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return 'unknown';
  }
}

export interface BuildResult {
  target: string;
  outfile: string;
  ok: boolean;
  bytes?: number;
  error?: string;
}

/**
 * Serves the built dashboard's asset map for dashboard-assets.gen.ts and, for a library program,
 * its entry in place of src/main.ts: src/main.ts stays the first entrypoint, so the binary's
 * layout (where the workers are found, src/db/snapshot.ts) is the same for every program.
 */
function substitutions(assetMap: string, entry: string | undefined): BunPlugin {
  const main = join(root, 'src/main.ts');
  return {
    name: 'satchel-build',
    setup(build) {
      build.onLoad({ filter: /dashboard-assets\.gen\.ts$/ }, () => ({
        loader: 'ts',
        contents: assetMap,
      }));
      if (!entry) return;
      build.onLoad({ filter: /main\.ts$/ }, (args) =>
        args.path === main
          ? { loader: 'ts', contents: `import ${JSON.stringify(entry)};\n` }
          : undefined,
      );
    },
  };
}

/** The dir whose node_modules holds sharp: Satchel's own, or the project that installed Satchel. */
function modulesRoot(from: string): string {
  try {
    return resolve(dirname(Bun.resolveSync('sharp/package.json', from)), '../..');
  } catch {
    return root;
  }
}

export interface CompileOptions {
  target: string | undefined;
  outfile: string;
  commit: string;
  /** The built dashboard's asset map (assetMapSource). */
  assetMap: string;
  /** A program using Satchel as a library; src/main.ts when unset. */
  entry?: string;
}

/** Compiles src/main.ts (or `entry`) into `outfile`. */
async function compile({
  target,
  outfile,
  commit,
  assetMap,
  entry,
}: CompileOptions): Promise<BuildResult> {
  const abs = resolve(outfile);
  mkdirSync(dirname(abs), { recursive: true });
  const label = target ?? 'host';
  try {
    const result = await Bun.build({
      // The workers (src/db/snapshot.ts, src/db/log-buffer.ts) must be entrypoints to exist in the binary.
      entrypoints: [
        join(root, 'src/main.ts'),
        join(root, 'src/db/snapshot-worker.ts'),
        join(root, 'src/db/log-worker.ts'),
        join(root, 'src/db/pg/pg-worker.ts'),
      ],
      compile: {
        outfile: abs,
        ...(target ? { target: target as Bun.Build.CompileTarget } : {}),
        // Bun's header limit from the start, so src/app.ts needn't load node:http to raise it.
        execArgv: [MAX_HEADER_FLAG],
      },
      minify: true,
      sourcemap: 'none',
      // Precompiled bytecode: the binary skips parsing its ~4 MB of JS at each start (about half
      // the time to the first request). ESM keeps main.ts's top-level await.
      bytecode: true,
      format: 'esm',
      // Chunks: a module imported with import() (acme-client, the pb_hooks runtime, the zip
      // libraries…) and the node: built-ins it needs load when it is imported, not at start.
      splitting: true,
      define: {
        SATCHEL_BUILD_VERSION: JSON.stringify(pkg.version),
        SATCHEL_BUILD_COMMIT: JSON.stringify(commit),
      },
      plugins: [
        substitutions(assetMap, entry),
        sharpEmbedPlugin(modulesRoot(entry ? dirname(entry) : root), target),
        lazyImportsPlugin(),
      ],
    });
    if (!result.success) {
      return { target: label, outfile, ok: false, error: result.logs.map(String).join('\n') };
    }
    return { target: label, outfile, ok: true, bytes: statSync(abs).size };
  } catch (err) {
    // Bun.build throws an AggregateError whose `errors` hold the bundler messages.
    const details = err instanceof AggregateError ? err.errors.map(String) : [];
    const message = err instanceof Error ? err.message : String(err);
    return { target: label, outfile, ok: false, error: [message, ...details].join('\n') };
  }
}

/** `bun-windows-x64` → `dist/satchel-windows-x64.exe` (Bun adds .exe for Windows; say it up front). */
function defaultOutfile(target: string): string {
  return `dist/satchel-${target.replace(/^bun-/, '')}${target.includes('windows') ? '.exe' : ''}`;
}

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  const inline = process.argv.find((a) => a.startsWith(prefix));
  if (inline) return inline.slice(prefix.length);
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.main) {
  const all = process.argv.includes('--all');
  const target = option('target');
  const entryOption = option('entry');
  const entry = entryOption ? resolve(entryOption) : undefined;
  const outfile = option('outfile') ?? (target ? defaultOutfile(target) : 'dist/satchel');
  const commit = gitCommit();

  const dashboard = mkdtempSync(join(tmpdir(), 'satchel-build-'));
  await buildDashboard(dashboard);
  const assetMap = assetMapSource(dashboard);
  const host = `bun-${process.platform}-${process.arch}`;
  const jobs: Array<[string | undefined, string]> = all
    ? [
        [undefined, 'dist/satchel'],
        ...CROSS_TARGETS.filter((t) => t !== host).map((t): [string, string] => [
          t,
          defaultOutfile(t),
        ]),
      ]
    : [[target, outfile]];
  const results: BuildResult[] = [];
  try {
    // One at a time: Bun.build compiles are memory hungry and the machine has 2 cores.
    for (const [t, out] of jobs) {
      results.push(await compile({ target: t, outfile: out, commit, assetMap, entry }));
    }
  } finally {
    rmSync(dashboard, { recursive: true, force: true });
  }
  for (const r of results) {
    const size = r.bytes ? `${(r.bytes / 2 ** 20).toFixed(1)} MiB` : 'FAILED';
    console.log(`${r.target.padEnd(18)} ${r.outfile.padEnd(32)} ${size}`);
    if (r.error) console.error(`  ${r.error.replaceAll('\n', '\n  ')}`);
  }
  console.log(`satchel ${pkg.version} (${commit})`);
  // With --all a cross target that cannot build (no network to fetch its Bun runtime) is reported, not fatal.
  const failed = all ? !results[0]?.ok : results.some((r) => !r.ok);
  process.exit(failed ? 1 : 0);
}
