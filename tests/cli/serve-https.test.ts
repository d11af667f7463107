// `serve DOMAIN` against Debian's pebble ACME server on loopback, and `--https` with --cert/--key files.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import {
  freePort,
  type Pebble,
  pebbleMissing,
  selfSigned,
  startPebble,
} from '../support/pebble.ts';
import { runCli, type ServeProcess, spawnServe } from '../support/process.ts';
import { waitFor } from '../support/wait.ts';

const missing = pebbleMissing();
if (missing && process.env.CI === 'true') throw new Error(`[tests] HTTPS tests need ${missing}`);
if (missing) console.log(`[tests] skipping the HTTPS tests: ${missing}`);
const run = missing ? describe.skip : describe;

const DOMAIN = 'test.example';
const root = mkdtempSync(join(tmpdir(), 'satchel-https-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The certificate the server presents to `servername` (no verification: we only read it). */
function peerSerial(port: number, servername: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      // node prints the serial upper-case with leading zeros; pebble's log lower-case without.
      resolve(socket.getPeerCertificate().serialNumber.toLowerCase().replace(/^0+/, ''));
      socket.end();
    });
    socket.once('error', reject);
  });
}

async function stopServe(s: ServeProcess) {
  s.proc.kill('SIGTERM');
  expect(await s.proc.exited).toBe(0);
}

run('serve DOMAIN over ACME (pebble)', () => {
  let pebble: Pebble;
  let httpPort: number;
  let httpsPort: number;
  const dir = join(root, 'acme');
  let env: Record<string, string | undefined>;
  const serve = () =>
    spawnServe(
      dir,
      [],
      [DOMAIN, `--http=127.0.0.1:${httpPort}`, `--https=127.0.0.1:${httpsPort}`],
      {
        started: new RegExp(`https://${DOMAIN}:\\d+`),
        env,
      },
    );

  beforeAll(async () => {
    httpPort = await freePort();
    httpsPort = await freePort();
    pebble = await startPebble(root, httpPort);
    env = {
      ...process.env,
      SATCHEL_ACME_DIRECTORY: pebble.directory,
      SATCHEL_ACME_CA: pebble.directoryCa,
    };
  });
  afterAll(() => pebble?.stop());

  test('gets a certificate that verifies against pebble’s root, then reuses it after a restart', async () => {
    const first = await serve();
    let serial: string;
    try {
      expect(first.url).toBe(`https://${DOMAIN}:${httpsPort}`);
      expect(first.output()).toContain(`Obtained a certificate for ${DOMAIN}`);
      expect(pebble.orders()).toBe(1);
      // pebble validated http://test.example:PORT/.well-known/acme-challenge/TOKEN against Satchel.
      expect(pebble.log()).toContain(`http://${DOMAIN}:${httpPort}/.well-known/acme-challenge/`);

      const ca = await pebble.root();
      const health = await fetch(`https://127.0.0.1:${httpsPort}/api/health`, {
        tls: { ca, serverName: DOMAIN },
      });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ code: 200 });
      // The same request without pebble's root fails: the client really verifies the chain.
      const untrusted = await fetch(`https://127.0.0.1:${httpsPort}/api/health`, {
        tls: { serverName: DOMAIN },
      }).catch((e: Error) => e);
      expect(untrusted).toBeInstanceOf(Error);
      // …and so does a name the certificate isn't for.
      const otherName = await fetch(`https://127.0.0.1:${httpsPort}/api/health`, {
        tls: { ca, serverName: 'other.example' },
      }).catch((e: Error) => e);
      expect(otherName).toBeInstanceOf(Error);

      serial = await peerSerial(httpsPort, DOMAIN);
      expect(pebble.serials()).toEqual([serial]);

      // The cache: PocketBase's dir name, private to the owner.
      const cache = join(dir, '.autocert_cache');
      expect(statSync(cache).mode & 0o777).toBe(0o700);
      expect(statSync(join(cache, DOMAIN)).mode & 0o777).toBe(0o600);
      expect(existsSync(join(cache, 'acme_account+key'))).toBe(true);
    } finally {
      await stopServe(first);
    }

    const second = await serve();
    try {
      expect(second.output()).not.toContain('Obtained a certificate');
      expect(pebble.orders()).toBe(1);
      expect(await peerSerial(httpsPort, DOMAIN)).toBe(serial);
    } finally {
      await stopServe(second);
    }
  });

  test('several domains: one certificate each, chosen by SNI', async () => {
    const before = pebble.orders();
    const names = ['a.test.example', 'b.test.example'];
    const s = await spawnServe(
      join(root, 'multi'),
      [],
      [...names, `--http=127.0.0.1:${httpPort}`, `--https=127.0.0.1:${httpsPort}`],
      { started: new RegExp(`https://${names[0]}:\\d+`), env },
    );
    try {
      expect(pebble.orders()).toBe(before + 2);
      const ca = await pebble.root();
      for (const serverName of names) {
        const res = await fetch(`https://127.0.0.1:${httpsPort}/api/health`, {
          tls: { ca, serverName },
        });
        expect(res.status).toBe(200);
      }
      const serials = await Promise.all(names.map((n) => peerSerial(httpsPort, n)));
      expect(serials[0]).not.toBe(serials[1]);
      expect(pebble.serials()).toEqual(expect.arrayContaining(serials));
    } finally {
      await stopServe(s);
    }
  });

  test('HTTP redirects to HTTPS, except the ACME challenge path', async () => {
    const s = await serve();
    try {
      const http = `http://127.0.0.1:${httpPort}`;
      const get = await fetch(`${http}/api/health?x=1`, {
        redirect: 'manual',
        headers: { host: DOMAIN },
      });
      expect(get.status).toBe(308);
      // To :443 whatever port Satchel listens on: HTTP-01 means the public ports are 80 and 443.
      expect(get.headers.get('location')).toBe(`https://${DOMAIN}/api/health?x=1`);
      // A Host that isn't one of the domains is sent to the first domain, not echoed.
      const other = await fetch(`${http}/_/`, {
        redirect: 'manual',
        headers: { host: 'evil.example' },
      });
      expect(other.headers.get('location')).toBe(`https://${DOMAIN}/_/`);
      const post = await fetch(`${http}/api/collections/users/records`, {
        method: 'POST',
        redirect: 'manual',
        body: '{}',
      });
      expect(post.status).toBe(400);
      expect(await post.text()).toBe('Use HTTPS');
      // An unknown token is a 404, not a redirect (the CA must not follow it to HTTPS).
      const token = await fetch(`${http}/.well-known/acme-challenge/unknown-token`, {
        redirect: 'manual',
      });
      expect(token.status).toBe(404);
    } finally {
      await stopServe(s);
    }
  });
});

run('renewal (pebble issuing certificates that are already due)', () => {
  let pebble: Pebble;
  test('a due certificate is renewed and served without a restart', async () => {
    const httpPort = await freePort();
    const httpsPort = await freePort();
    const pebbleDir = join(root, 'pebble-short');
    rmSync(pebbleDir, { recursive: true, force: true });
    mkdirSync(pebbleDir, { recursive: true });
    // 10 days: inside the 30-day renewal window from the start, so every check renews.
    pebble = await startPebble(pebbleDir, httpPort, { validity: 10 * 24 * 3600 });
    const s = await spawnServe(
      join(root, 'renew'),
      [],
      [DOMAIN, `--http=127.0.0.1:${httpPort}`, `--https=127.0.0.1:${httpsPort}`],
      {
        started: new RegExp(`https://${DOMAIN}:\\d+`),
        env: {
          ...process.env,
          SATCHEL_ACME_DIRECTORY: pebble.directory,
          SATCHEL_ACME_CA: pebble.directoryCa,
          SATCHEL_ACME_RENEW_CHECK: '1',
        },
      },
    );
    try {
      const first = await peerSerial(httpsPort, DOMAIN);
      const renewed = await waitFor(
        'a renewed certificate on the same port',
        async () => {
          const now = await peerSerial(httpsPort, DOMAIN);
          return now !== first ? now : null;
        },
        { timeout: 20_000, interval: 200 },
      );
      expect(pebble.serials()).toContain(renewed);
      expect(pebble.orders()).toBeGreaterThanOrEqual(2);
      const ca = await pebble.root();
      const health = await fetch(`https://127.0.0.1:${httpsPort}/api/health`, {
        tls: { ca, serverName: DOMAIN },
      });
      expect(health.status).toBe(200);
    } finally {
      await stopServe(s);
      await pebble.stop();
    }
  });
});

run('--https with --cert/--key', () => {
  test('serves the given certificate; HTTP redirects to it', async () => {
    const files = await selfSigned(root, 'own', ['localhost', '127.0.0.1']);
    const httpPort = await freePort();
    const httpsPort = await freePort();
    const s = await spawnServe(
      join(root, 'own'),
      [`--cert=${files.cert}`, `--key=${files.key}`],
      [`--http=127.0.0.1:${httpPort}`, `--https=127.0.0.1:${httpsPort}`],
      { started: /https:\/\/127\.0\.0\.1:\d+/ },
    );
    try {
      expect(s.url).toBe(`https://127.0.0.1:${httpsPort}`);
      const ca = await Bun.file(files.cert).text();
      const health = await fetch(`${s.url}/api/health`, { tls: { ca } });
      expect(health.status).toBe(200);
      const untrusted = await fetch(`${s.url}/api/health`).catch((e: Error) => e);
      expect(untrusted).toBeInstanceOf(Error);
      const redirect = await fetch(`http://127.0.0.1:${httpPort}/api/health`, {
        redirect: 'manual',
      });
      expect(redirect.status).toBe(308);
      expect(redirect.headers.get('location')).toBe(`${s.url}/api/health`);
      expect(existsSync(join(root, 'own', '.autocert_cache'))).toBe(false);
      // A busy HTTPS address names --https in its error.
      const second = await runCli([
        'serve',
        `--http=127.0.0.1:${await freePort()}`,
        `--https=127.0.0.1:${httpsPort}`,
        `--cert=${files.cert}`,
        `--key=${files.key}`,
        `--dir=${join(root, 'own-second')}`,
      ]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`127.0.0.1:${httpsPort} is already in use`);
      expect(second.stderr).toContain('--https');
    } finally {
      await stopServe(s);
    }
  });
});

describe('HTTPS usage errors (exit 2, nothing served)', () => {
  for (const [name, args, message] of [
    [
      '--cert without --key',
      ['--https=127.0.0.1:0', '--cert=a.pem'],
      '--cert and --key go together',
    ],
    ['--cert/--key without --https', ['--cert=a.pem', '--key=b.pem'], 'need --https'],
    ['--https on an IP, no domain', ['--https=127.0.0.1:8443'], 'needs a public domain name'],
    ['a bad --https', ['--https=nope'], '--https must look like HOST:PORT'],
    ['localhost as the domain', ['localhost', '--http=127.0.0.1:0'], 'needs a public domain name'],
    ['a wildcard domain', ['*.example.com', '--http=127.0.0.1:0'], 'needs a public domain name'],
  ] as const) {
    test(name, async () => {
      const dir = join(root, `usage-${name.replace(/\W+/g, '-')}`);
      const r = await runCli(['serve', ...args, `--dir=${dir}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).not.toContain('Server started');
      expect(existsSync(dir)).toBe(false);
    });
  }
});
