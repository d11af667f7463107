// `POST /api/settings/test/s3` (http-api.md §8): writes, reads back and deletes a small object
// with the saved S3 settings of the storage or backups filesystem.
import { S3Storage } from '../../storage/s3.ts';
import type { Core } from '../core.ts';
import { BadRequestError } from '../errors.ts';
import { randomString } from '../ids.ts';

export async function testS3(core: Core, filesystem: 'storage' | 'backups'): Promise<void> {
  const s = core.settings.get();
  const config = filesystem === 'backups' ? s.backups.s3 : s.s3;
  if (!config.enabled) throw new BadRequestError('S3 storage filesystem is not enabled.');
  const storage = new S3Storage(config);
  const key = `pb_settings_test_${randomString(5)}`;
  try {
    await storage.put(key, new TextEncoder().encode('test'), { contentType: 'text/plain' });
    if (!(await storage.exists(key))) throw new Error('the written object is not there');
    await storage.delete(key);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new BadRequestError(`Failed to test the S3 filesystem: ${reason}`);
  }
}
