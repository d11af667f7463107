// Files on S3: the shared suite (files-suite.ts) against a real S3-compatible server (s3rver) on loopback.
import { afterAll, beforeAll } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Subprocess, spawn } from 'bun';
import { within } from '../support/wait.ts';
import { filesSuite } from './files-suite.ts';

let s3rver: Subprocess<'ignore', 'pipe', 'pipe'> | null = null;
let s3Dir = '';
let endpoint = '';

/** Starts s3rver on a free port and resolves with its URL once it prints "listening on". */
async function startS3rver(): Promise<void> {
  s3Dir = mkdtempSync(join(tmpdir(), 'satchel-s3-'));
  const bin = resolve(import.meta.dir, '../../node_modules/.bin/s3rver');
  s3rver = spawn(
    [
      process.execPath,
      bin,
      '-d',
      s3Dir,
      '-a',
      '127.0.0.1',
      '-p',
      '0',
      '--configure-bucket',
      'satchel',
    ],
    { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  const reader = s3rver.stdout.getReader();
  let text = '';
  const pattern = /listening on (127\.0\.0\.1:\d+)/;
  while (!pattern.test(text)) {
    const { done, value } = await within('s3rver to listen', reader.read());
    if (done) throw new Error(`s3rver exited: ${text}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  endpoint = `http://${pattern.exec(text)![1]}`;
}

beforeAll(startS3rver);
afterAll(async () => {
  s3rver?.kill();
  await s3rver?.exited;
  rmSync(s3Dir, { recursive: true, force: true });
});

filesSuite({
  name: 's3',
  expectKind: 's3',
  async configure(_server, su) {
    await su.settings.update({
      s3: {
        enabled: true,
        bucket: 'satchel',
        region: 'us-east-1',
        endpoint,
        accessKey: 'S3RVER',
        secret: 'S3RVER',
        forcePathStyle: true,
      },
    });
  },
});
