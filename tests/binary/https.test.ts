// acme-client inside the compiled binary: `satchel serve DOMAIN` gets a certificate from pebble (SATCHEL_BINARY=path).
import { afterAll, describe, expect, test } from 'bun:test';
import { spawn } from 'bun';
import { freePort, pebbleMissing, startPebble } from '../support/pebble.ts';
import { within } from '../support/wait.ts';
import { BINARY, emptyDirs, removeDir } from './binary.ts';

const missing = pebbleMissing();
if (BINARY && missing && process.env.CI === 'true') {
  throw new Error(`[tests] the binary's HTTPS test needs ${missing}`);
}
const run = BINARY && !missing ? describe : describe.skip;
const DOMAIN = 'test.example';

run('the binary over HTTPS (pebble)', () => {
  const dirs = emptyDirs();
  afterAll(() => removeDir(dirs.base));

  test('serve DOMAIN obtains a certificate that verifies against pebble’s root', async () => {
    const httpPort = await freePort();
    const httpsPort = await freePort();
    const pebble = await startPebble(dirs.tmp, httpPort);
    const proc = spawn(
      [
        BINARY,
        'serve',
        DOMAIN,
        `--http=127.0.0.1:${httpPort}`,
        `--https=127.0.0.1:${httpsPort}`,
        `--dir=${dirs.data}`,
      ],
      {
        cwd: dirs.cwd,
        stdout: 'pipe',
        stderr: 'pipe',
        stdin: 'ignore',
        env: {
          PATH: '/usr/bin:/bin',
          TMPDIR: dirs.tmp,
          SATCHEL_ACME_DIRECTORY: pebble.directory,
          SATCHEL_ACME_CA: pebble.directoryCa,
        },
      },
    );
    try {
      const reader = proc.stdout.getReader();
      let text = '';
      await within(
        'the binary to print its https address',
        (async () => {
          while (!text.includes(`https://${DOMAIN}:${httpsPort}`)) {
            const { value, done } = await reader.read();
            if (done) throw new Error(`exited: ${text}${await new Response(proc.stderr).text()}`);
            text += new TextDecoder().decode(value);
          }
        })(),
        { timeout: 30_000 },
      );
      expect(pebble.orders()).toBe(1);
      const res = await fetch(`https://127.0.0.1:${httpsPort}/api/health`, {
        tls: { ca: await pebble.root(), serverName: DOMAIN },
      });
      expect(res.status).toBe(200);
    } finally {
      proc.kill('SIGTERM');
      await proc.exited;
      await pebble.stop();
    }
  });
});
