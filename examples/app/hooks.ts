// This app's hooks, routes and cron jobs: registered at every start (and again after a restore).
import { type HookApp, requireAuth } from 'satchel';
import type { AppRecords } from './records.ts';

export function extend(app: HookApp<AppRecords>): void {
  // A typed route: `e.params.name` exists because the pattern names it.
  app.routerAdd('GET', '/api/hello/{name}', (e) => ({ message: `Hello ${e.params.name}!` }));

  app.routerAdd('GET', '/api/whoami', (e) => ({ id: e.auth?.record.id }), requireAuth());

  // Typed per collection: `e.record.title` is a string here.
  app.onRecordCreate('notes', async (e) => {
    e.record.title = e.record.title.trim() || 'Untitled';
    await e.next();
  });

  app.cronAdd('notes-report', '0 6 * * *', () => {
    console.log(`collections: ${app.core.collections.all().length}`);
  });
}
