// A real S3-compatible server (s3rver, from npm) on a free loopback port, for the S3 suites.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'bun';
import { within } from './wait.ts';

export interface S3rver {
  /** `http://127.0.0.1:PORT`; credentials are s3rver's `S3RVER` / `S3RVER`. */
  endpoint: string;
  /** The dir s3rver keeps buckets in (`<dir>/<bucket>/…`). */
  dir: string;
  stop(): Promise<void>;
}

/** Starts s3rver with `bucket` configured; resolves once it prints "listening on" (bounded). */
export async function startS3rver(bucket: string): Promise<S3rver> {
  const dir = mkdtempSync(join(tmpdir(), `satchel-s3-${bucket}-`));
  const bin = resolve(import.meta.dir, '../../node_modules/.bin/s3rver');
  const proc = spawn(
    [process.execPath, bin, '-d', dir, '-a', '127.0.0.1', '-p', '0', '--configure-bucket', bucket],
    { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  const reader = proc.stdout.getReader();
  let text = '';
  const pattern = /listening on (127\.0\.0\.1:\d+)/;
  while (!pattern.test(text)) {
    const { done, value } = await within('s3rver to listen', reader.read());
    if (done) throw new Error(`s3rver exited: ${text}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return {
    endpoint: `http://${pattern.exec(text)![1]}`,
    dir,
    async stop() {
      proc.kill();
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
