// `serve --workers=2` over HTTPS: own certificate files, and ACME against Debian's pebble (issue, reuse, renewal) on loopback.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
import { type ServeProcess, spawnServe } from '../support/process.ts';
import { waitFor, within } from '../support/wait.ts';

const missing = pebbleMissing();
if (missing && process.env.CI === 'true') throw new Error(`[tests] HTTPS tests need ${missing}`);
if (missing) console.log(`[tests] skipping the HTTPS worker tests: ${missing}`);
const run = missing ? describe.skip : describe;

const DOMAIN = 'test.example';
const root = mkdtempSync(join(tmpdir(), 'satchel-https-workers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Probe {
  /** `x-satchel-worker` of the answer. */
  worker: string;
  status: number;
  /** The presented certificate's serial (lower-case hex, no leading zeros, as pebble logs it). */
  serial: string;
}

/**
 * One request on a new TLS connection to 127.0.0.1:`port`, the chain verified against `ca` for
 * `servername`: which worker answered, with which certificate (the two come from one connection).
 */
function probe(port: number, servername: string, ca: string): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca });
    let head = '';
    let serial = '';
    socket.once('secureConnect', () => {
      serial = socket.getPeerCertificate().serialNumber.toLowerCase().replace(/^0+/, '');
      socket.write(`GET /api/health HTTP/1.1\r\nhost: ${servername}\r\nconnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
    });
    socket.once('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]);
      const worker = /\r\nx-satchel-worker: *(\d+)/i.exec(head)?.[1] ?? '?';
      resolve({ worker, status, serial });
    });
    socket.once('error', reject);
  });
}

/** Probes until workers 0 and 1 both answered with a certificate `accept` takes; their probes by worker. */
async function fromBothWorkers(
  what: string,
  port: number,
  servername: string,
  ca: string,
  accept: (p: Probe) => boolean = () => true,
  timeout = 10_000,
): Promise<Map<string, Probe>> {
  const seen = new Map<string, Probe>();
  await waitFor(
    what,
    async () => {
      // A worker rebinding for a renewal resets what queued on its old listener (renewals come every
      // second here, every ~60 days in use): try again. A verification error still fails.
      const p = await probe(port, servername, ca).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ECONNRESET') return null;
        throw err;
      });
      if (!p) return false;
      expect(p.status).toBe(200);
      if (accept(p)) seen.set(p.worker, p);
      return seen.has('0') && seen.has('1');
    },
    { timeout, interval: 20 },
  );
  return seen;
}

async function stopServe(s: ServeProcess) {
  s.proc.kill('SIGTERM');
  expect(await within('the supervisor to exit', s.proc.exited, { timeout: 30_000 })).toBe(0);
}

run('serve --workers=2 --https with --cert/--key', () => {
  test('every worker serves the given certificate on the one HTTPS port; HTTP redirects', async () => {
    const files = await selfSigned(root, 'own', ['localhost', '127.0.0.1']);
    const httpPort = await freePort();
    const httpsPort = await freePort();
    const s = await spawnServe(
      join(root, 'own'),
      ['--workers=2', `--cert=${files.cert}`, `--key=${files.key}`],
      [`--http=127.0.0.1:${httpPort}`, `--https=127.0.0.1:${httpsPort}`],
      { started: /https:\/\/127\.0\.0\.1:\d+/ },
    );
    try {
      expect(s.url).toBe(`https://127.0.0.1:${httpsPort}`);
      const ca = await Bun.file(files.cert).text();
      const seen = await fromBothWorkers('both workers over TLS', httpsPort, 'localhost', ca);
      expect(new Set([...seen.values()].map((p) => p.serial)).size).toBe(1);
      // Both HTTP sides redirect (each worker binds :http too; new connections spread over them).
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`http://127.0.0.1:${httpPort}/api/health`, {
          redirect: 'manual',
          headers: { connection: 'close' },
        });
        expect(res.status).toBe(308);
        expect(res.headers.get('location')).toBe(`${s.url}/api/health`);
      }
    } finally {
      await stopServe(s);
    }
  }, 60_000);
});

run('serve DOMAIN --workers=2 over ACME (pebble)', () => {
  let pebble: Pebble;
  let httpPort: number;
  let httpsPort: number;

  beforeAll(async () => {
    httpPort = await freePort();
    httpsPort = await freePort();
    pebble = await startPebble(root, httpPort);
  });
  afterAll(() => pebble?.stop());

  test('one order for the group; both workers serve the certificate, verified against pebble’s root', async () => {
    const s = await spawnServe(
      join(root, 'acme'),
      ['--workers=2'],
      [DOMAIN, `--http=127.0.0.1:${httpPort}`, `--https=127.0.0.1:${httpsPort}`],
      {
        started: new RegExp(`https://${DOMAIN}:\\d+`),
        env: {
          ...process.env,
          SATCHEL_ACME_DIRECTORY: pebble.directory,
          SATCHEL_ACME_CA: pebble.directoryCa,
        },
      },
    );
    try {
      expect(s.url).toBe(`https://${DOMAIN}:${httpsPort}`);
      // The first worker ordered it; the second started from the cache.
      expect(pebble.orders()).toBe(1);
      const ca = await pebble.root();
      const seen = await fromBothWorkers('both workers over TLS', httpsPort, DOMAIN, ca);
      expect([...seen.values()].map((p) => p.serial)).toEqual(
        pebble.serials().concat(pebble.serials()),
      );
      // A name the certificate isn't for fails verification.
      expect(await probe(httpsPort, 'other.example', ca).catch((e: Error) => e)).toBeInstanceOf(
        Error,
      );
    } finally {
      await stopServe(s);
    }
  }, 60_000);
});

run('renewal under --workers=2 (pebble issuing certificates that are already due)', () => {
  test('the leader renews, the CA’s validations reach either worker, every worker serves the renewed certificate', async () => {
    const httpPort = await freePort();
    const httpsPort = await freePort();
    const pebbleDir = join(root, 'pebble-short');
    mkdirSync(pebbleDir, { recursive: true });
    // 10 days: inside the 30-day renewal window, so every check (each second) renews.
    const pebble = await startPebble(pebbleDir, httpPort, { validity: 10 * 24 * 3600 });
    const s = await spawnServe(
      join(root, 'renew'),
      ['--workers=2'],
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
      // One order at start: the second worker served the due certificate instead of ordering (the
      // leader may have renewed already, so count the starts that ordered, not pebble's orders).
      expect(s.output().match(/Obtained a certificate/g)).toHaveLength(1);
      const [first] = pebble.serials();
      const ca = await pebble.root();
      // Several renewals: each validation lands on a worker the kernel picks, so one worker's
      // tokens alone would fail about half of them.
      await waitFor('four orders', () => pebble.orders() >= 4, { timeout: 30_000 });
      const renewed = await fromBothWorkers(
        'both workers serving a renewed certificate',
        httpsPort,
        DOMAIN,
        ca,
        (p) => p.serial !== first,
        20_000,
      );
      for (const p of renewed.values()) expect(pebble.serials()).toContain(p.serial);
      expect(s.errors()).not.toContain('could not renew');
      expect(s.errors()).not.toContain('could not serve');
    } finally {
      await stopServe(s);
      await pebble.stop();
    }
  }, 90_000);
});
