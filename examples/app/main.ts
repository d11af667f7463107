// A program using Satchel as a library: the `satchel` command line plus this app's hooks, routes
// and cron jobs. Run it:      bun examples/app/main.ts serve
// Compile it (dashboard embedded) into one binary:
//   bun scripts/build.ts --entry=examples/app/main.ts --outfile=dist/example-app
// (from a project that installed Satchel: bun node_modules/satchel/scripts/build.ts --entry=…)
import { type HookApp, requireAuth, runCli } from 'satchel';
import type { AppRecords } from './records.ts';

/** Everything this app adds; runs at every start (and again after a backup restore). */
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

if (import.meta.main) {
  process.exitCode = await runCli(process.argv.slice(2), { extensions: [extend] });
}
