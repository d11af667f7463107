// App, mailer, realtime, settings and backup hooks: lifecycle order, routes from onServe, messages changed or stopped.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type PocketBase from 'pocketbase';
import { createApp } from '../../src/app.ts';
import type { MailMessage } from '../../src/mail/mailer.ts';
import { installEventSource } from '../realtime/helpers.ts';
import { startServer, type TestServer, tempDir } from '../support/server.ts';
import { waitFor, within } from '../support/wait.ts';

installEventSource();

describe('lifecycle', () => {
  test('onBootstrap → onServe (adds a route) → requests → onTerminate on close', async () => {
    const dir = tempDir();
    const app = await createApp({ dataDir: join(dir, 'sb_data') });
    const fired: string[] = [];
    const hooks = app.http.hooks;
    hooks.onBootstrap.bind(async (e) => {
      fired.push('bootstrap');
      await e.next();
    });
    hooks.onServe.bind(async (e) => {
      fired.push('serve');
      e.routes.add(
        [
          {
            method: 'GET',
            pattern: '/api/hello/{name}',
            group: 'custom',
            handler: (r) => r.json(200, { hi: r.params.name }),
          },
        ],
        'test',
      );
      await e.next();
    });
    hooks.onTerminate.bind(async (e) => {
      fired.push(`terminate:${e.isRestart}`);
      await e.next();
    });
    const server = app.listen('127.0.0.1', 0);
    // A request sent right away waits for onServe: the route exists.
    const res = await fetch(`http://127.0.0.1:${server.port}/api/hello/ann`);
    expect(await res.json()).toEqual({ hi: 'ann' });
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    expect(fired).toEqual(['bootstrap', 'serve', 'terminate:false']);
  });
});

describe('core hooks', () => {
  let server: TestServer;
  let su: PocketBase;
  beforeAll(async () => {
    server = await startServer();
    su = await server.superuserClient();
    await su.collections.create({
      name: 'notes',
      type: 'base',
      fields: [{ name: 'text', type: 'text' }],
      listRule: '',
      viewRule: '',
    });
    await su.collection('users').create({
      email: 'u@example.com',
      password: '1234567890',
      passwordConfirm: '1234567890',
    });
  });
  afterAll(() => server.stop());

  test('password reset mail: the record hook, then onMailerSend, which may stop the send', async () => {
    const hooks = server.app.core.hooks;
    const fired: string[] = [];
    let sent: MailMessage | null = null;
    const a = hooks.onMailerRecordPasswordResetSend.bind(async (e) => {
      fired.push(`record:${e.record.email}:${typeof e.meta.token}`);
      e.message.subject = `[hooked] ${e.message.subject}`;
      await e.next();
    });
    const b = hooks.onMailerSend.bind((e) => {
      sent = e.message;
      fired.push('send');
      // no e.next(): the mailer never sees it
    });
    try {
      await server.client().collection('users').requestPasswordReset('u@example.com');
      await waitFor('the mail hooks', () => fired.length === 2);
      expect(fired).toEqual(['record:u@example.com:string', 'send']);
      expect(sent!.subject).toStartWith('[hooked] ');
      expect(sent!.to).toEqual([{ address: 'u@example.com' }]);
    } finally {
      hooks.onMailerRecordPasswordResetSend.unbind(a);
      hooks.onMailerSend.unbind(b);
    }
  });

  test('onRealtimeMessageSend changes what one client gets', async () => {
    const hook = server.app.core.hooks.onRealtimeMessageSend;
    const id = hook.bind(async (e) => {
      const msg = JSON.parse(e.message.data);
      msg.record.text = `${msg.record.text} (via hook)`;
      e.message.data = JSON.stringify(msg);
      await e.next();
    });
    const pb = server.client();
    try {
      let resolve: (t: string) => void = () => {};
      const got = new Promise<string>((r) => {
        resolve = r;
      });
      await within(
        'the subscription',
        pb.collection('notes').subscribe('*', (e) => resolve(String(e.record.text))),
      );
      await su.collection('notes').create({ text: 'hi' });
      expect(await within('the message', got)).toBe('hi (via hook)');
    } finally {
      hook.unbind(id);
      await pb.realtime.unsubscribe();
    }
  });

  test('onSettingsReload after a saved update', async () => {
    const hook = server.app.core.hooks.onSettingsReload;
    const names: string[] = [];
    const id = hook.bind(async (e) => {
      names.push(e.settings.meta.appName);
      await e.next();
    });
    try {
      await su.settings.update({ meta: { appName: 'Hooked' } });
      await waitFor('onSettingsReload', () => names.includes('Hooked'));
    } finally {
      hook.unbind(id);
    }
  });

  test('onBackupCreate wraps the backup; without next() there is none', async () => {
    const hook = server.app.core.hooks.onBackupCreate;
    const names: string[] = [];
    const id = hook.bind((e) => {
      names.push(e.name);
    });
    try {
      await su.backups.create('skipped.zip');
      expect(names).toEqual(['skipped.zip']);
      expect((await su.backups.getFullList()).map((b) => b.key)).not.toContain('skipped.zip');
    } finally {
      hook.unbind(id);
    }
  });
});
