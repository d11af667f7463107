// The compiled binary on PostgreSQL (SATCHEL_BINARY=path): its bridge's worker thread is inside the one file.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { postgresMissing, testPostgres } from '../support/postgres.ts';
import { within } from '../support/wait.ts';
import {
  BINARY,
  type BinaryServer,
  emptyDirs,
  removeDir,
  runBinary,
  serveBinary,
} from './binary.ts';

const missing = BINARY ? postgresMissing() : null;
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

describe.skipIf(!BINARY || missing !== null)('compiled binary: serve --db=postgres://…', () => {
  const dirs = emptyDirs();
  let dbUrl = '';
  let server: BinaryServer;

  beforeAll(async () => {
    dbUrl = await (await testPostgres()).createDatabase('satchel_binary');
    const made = await runBinary(
      [
        'superuser',
        'upsert',
        'admin@example.com',
        '1234567890',
        `--dir=${dirs.data}`,
        `--db=${dbUrl}`,
      ],
      dirs.cwd,
    );
    expect(made.code).toBe(0);
    server = await serveBinary(dirs.data, dirs.cwd, dirs.tmp, [`--db=${dbUrl}`]);
  });
  afterAll(async () => {
    server?.proc.kill('SIGKILL');
    removeDir(dirs.base);
    if (dbUrl) await (await testPostgres()).dropDatabase(dbUrl);
  });

  test('the SDK signs in, makes a collection and a record; the tables are in PostgreSQL', async () => {
    const pb = server.client();
    await pb.collection('_superusers').authWithPassword('admin@example.com', '1234567890');
    await pb.collections.create({
      name: 'notes',
      type: 'base',
      fields: [{ name: 'text', type: 'text' }],
    });
    const note = await pb.collection('notes').create({ text: 'in postgres' });
    expect((await pb.collection('notes').getOne(note.id)).text).toBe('in postgres');
    const { SQL } = await import('bun');
    const sql = new SQL(dbUrl, { max: 1 });
    const [row] = await sql.unsafe('SELECT text FROM notes WHERE id = $1', [note.id]);
    await sql.close();
    expect(row.text).toBe('in postgres');
  });

  test('SIGTERM stops the node and it exits 0', async () => {
    expect(await within('the binary to exit', server.stop(), { timeout: 30_000 })).toBe(0);
  });
});
