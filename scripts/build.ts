// The single build entry: dashboard → embedded asset map → one self-contained `satchel` binary per target.
//   bun scripts/build.ts                         dist/satchel for this machine
//   bun scripts/build.ts --target=bun-linux-arm64 --outfile=dist/satchel-linux-arm64
//   bun scripts/build.ts --all                   this machine + every cross target that builds
// Version and git commit are baked in with `define` (read by src/cli/version.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import { buildDashboard, EMPTY_MAP, GEN_FILE, writeAssetMap } from './build-dashboard.ts';
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

/** Compiles src/main.ts into `outfile`; the asset map must already be written. */
async function compile(
  target: string | undefined,
  outfile: string,
  commit: string,
): Promise<BuildResult> {
  const abs = resolve(root, outfile);
  mkdirSync(dirname(abs), { recursive: true });
  const label = target ?? 'host';
  try {
    const result = await Bun.build({
      // The workers (src/db/snapshot.ts, src/db/log-buffer.ts) must be entrypoints to exist in the binary.
      entrypoints: [
        join(root, 'src/main.ts'),
        join(root, 'src/db/snapshot-worker.ts'),
        join(root, 'src/db/log-worker.ts'),
      ],
      compile: target
        ? { outfile: abs, target: target as Bun.Build.CompileTarget }
        : { outfile: abs },
      minify: true,
      sourcemap: 'none',
      define: {
        SATCHEL_BUILD_VERSION: JSON.stringify(pkg.version),
        SATCHEL_BUILD_COMMIT: JSON.stringify(commit),
      },
      plugins: [sharpEmbedPlugin(root, target)],
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
  const outfile = option('outfile') ?? (target ? defaultOutfile(target) : 'dist/satchel');
  const commit = gitCommit();

  await buildDashboard();
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
  writeAssetMap();
  try {
    // One at a time: Bun.build compiles are memory hungry and the machine has 2 cores.
    for (const [t, out] of jobs) results.push(await compile(t, out, commit));
  } finally {
    writeFileSync(GEN_FILE, EMPTY_MAP);
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
