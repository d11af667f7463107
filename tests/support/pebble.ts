// Debian's pebble ACME test server on loopback, with pebble-challtestsrv as its DNS (every name → 127.0.0.1).
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Subprocess, spawn } from 'bun';
import { waitFor } from './wait.ts';

/** Why the HTTPS tests can't run here, or null. `CI=true` turns a reason into a failure. */
export function pebbleMissing(): string | null {
  const missing = ['pebble', 'pebble-challtestsrv', 'openssl'].filter((b) => !Bun.which(b));
  return missing.length
    ? `${missing.join(', ')} not installed (apt-get install pebble openssl)`
    : null;
}

/** A TCP port nobody listens on right now (and free for UDP too, for the DNS server). */
export async function freePort(): Promise<number> {
  for (;;) {
    const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
    const port = probe.port;
    probe.stop(true);
    const udp = createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (free) return port;
  }
}

/** A self-signed certificate for `names` (DNS or IP), made with openssl. */
export async function selfSigned(dir: string, name: string, names: string[]) {
  const key = join(dir, `${name}-key.pem`);
  const cert = join(dir, `${name}-cert.pem`);
  const san = names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  const run = spawn(
    [
      'openssl',
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${names[0]}`,
      '-addext',
      `subjectAltName=${san}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdout: 'ignore', stderr: 'pipe', stdin: 'ignore' },
  );
  if ((await run.exited) !== 0) throw new Error(await new Response(run.stderr).text());
  return { key, cert };
}

export interface Pebble {
  directory: string;
  /** The PEM file pebble's own HTTPS (directory) certificate verifies against. */
  directoryCa: string;
  /** The root the certificates pebble issues chain to (it makes a new one each start). */
  root(): Promise<string>;
  /** Orders placed so far, from pebble's log. */
  orders(): number;
  /** Serials issued so far (lower-case hex without leading zeros). */
  serials(): string[];
  log(): string;
  stop(): Promise<void>;
}

/**
 * `n` free ports, all different and none of `taken`: probes in a row may be handed the same port
 * again (pebble once got one port for two of its listeners and exited with "address in use").
 */
export async function freePorts(n: number, taken: number[] = []): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const port = await freePort();
    if (!ports.includes(port) && !taken.includes(port)) ports.push(port);
  }
  return ports;
}

/**
 * Starts pebble with its HTTP-01 validations sent to `httpPort` on 127.0.0.1; `validity` in seconds
 * (pebble's default is 5 years). Resolves once the directory answers (bounded).
 */
export async function startPebble(
  dir: string,
  httpPort: number,
  { validity }: { validity?: number } = {},
): Promise<Pebble> {
  const [listen, management, tlsPort, dns, dnsManagement] = await freePorts(5, [httpPort]);
  const wfe = await selfSigned(dir, 'pebble', ['localhost', '127.0.0.1']);
  const config = join(dir, 'pebble.json');
  writeFileSync(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${listen}`,
        managementListenAddress: `127.0.0.1:${management}`,
        certificate: wfe.cert,
        privateKey: wfe.key,
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
        ...(validity ? { certificateValidityPeriod: validity } : {}),
      },
    }),
  );
  const procs: Subprocess<'ignore', 'pipe', 'pipe'>[] = [];
  let log = '';
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      log += decoder.decode(value, { stream: true });
    }
  };
  const dnsServer = spawn(
    [
      'pebble-challtestsrv',
      '-dns01',
      `127.0.0.1:${dns}`,
      '-management',
      `127.0.0.1:${dnsManagement}`,
      '-http01',
      '',
      '-https01',
      '',
      '-tlsalpn01',
      '',
      '-defaultIPv6',
      '',
    ],
    { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  procs.push(dnsServer);
  void collect(dnsServer.stdout);
  const pebble = spawn(['pebble', '-config', config, '-dnsserver', `127.0.0.1:${dns}`], {
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
    // No random sleeps before validating; no nonces refused (pebble refuses 5% by default).
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' },
  });
  procs.push(pebble);
  void collect(pebble.stdout);
  void collect(pebble.stderr);
  const stop = async () => {
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.exited));
  };
  const directory = `https://127.0.0.1:${listen}/dir`;
  const ca = await Bun.file(wfe.cert).text();
  const get = (url: string) => fetch(url, { tls: { ca } });
  try {
    await waitFor('pebble to serve its directory', async () => {
      if (pebble.exitCode !== null) throw new Error(`pebble exited: ${log}`);
      return (await get(directory).catch(() => null))?.ok;
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    directory,
    directoryCa: wfe.cert,
    root: async () => (await get(`https://127.0.0.1:${management}/roots/0`)).text(),
    orders: () => log.match(/Added order "/g)?.length ?? 0,
    // Leading zeros trimmed (pebble logs whole bytes): the tests normalise node:tls serials alike.
    serials: () =>
      [...log.matchAll(/Issued certificate serial ([0-9a-f]+)/g)].map((m) =>
        m[1]!.replace(/^0+/, ''),
      ),
    log: () => log,
    stop,
  };
}
