// A program using Satchel as a library: the whole `satchel` command line plus this app's extension.
//   bun examples/app/main.ts serve
// One binary, dashboard embedded (from a project that installed Satchel, the script is
// node_modules/satchel/scripts/build.ts):
//   bun scripts/build.ts --entry=examples/app/main.ts --outfile=dist/example-app
// The entry runs when the binary starts: no `import.meta.main` guard here.
import { runCli } from 'satchel';
import { extend } from './hooks.ts';

process.exitCode = await runCli(process.argv.slice(2), { extensions: [extend] });
