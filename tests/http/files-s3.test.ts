// Files on S3: the shared suite (files-suite.ts) against a real S3-compatible server (s3rver) on loopback.
import { afterAll, beforeAll } from 'bun:test';
import { type S3rver, startS3rver } from '../support/s3rver.ts';
import { filesSuite } from './files-suite.ts';

let s3: S3rver;

beforeAll(async () => {
  s3 = await startS3rver('satchel');
});
afterAll(() => s3.stop());

filesSuite({
  name: 's3',
  expectKind: 's3',
  async configure(_server, su) {
    await su.settings.update({
      s3: {
        enabled: true,
        bucket: 'satchel',
        region: 'us-east-1',
        endpoint: s3.endpoint,
        accessKey: 'S3RVER',
        secret: 'S3RVER',
        forcePathStyle: true,
      },
    });
  },
});
