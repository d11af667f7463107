// `--hooksDir`'s default: sb_hooks beside the data dir, pb_hooks beside a PocketBase pb_data.
import { describe, expect, test } from 'bun:test';
import { defaultHooksDir } from '../../src/cli/flags.ts';

describe('defaultHooksDir', () => {
  test.each([
    ['./sb_data', 'sb_hooks'],
    ['/srv/app/sb_data/', '/srv/app/sb_hooks'],
    ['/srv/app/pb_data', '/srv/app/pb_hooks'],
    ['/srv/app/pb_data//', '/srv/app/pb_hooks'],
    ['data', 'sb_hooks'],
  ])('%s → %s', (dir, expected) => {
    expect(defaultHooksDir(dir)).toBe(expected);
  });
});
