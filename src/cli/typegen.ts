// `satchel typegen [--out=FILE]`: TypeScript types of every collection of --dir for the official SDK
// (records, create/update inputs, expand shapes, a typed client); stdout without --out.
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { openCore } from '../app.ts';
import { dbUrlOrReport, openFailure } from './db-url.ts';
import { encryptionFromFlags, type GlobalFlags } from './flags.ts';

export function typegenCommand(done: (code: number) => void): Command {
  return new Command('typegen')
    .description('Writes TypeScript types of every collection for the official SDK')
    .option('--out <file>', 'the file to write (default: stdout)')
    .action(async (opts: { out?: string }, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalFlags>();
      const dbUrl = dbUrlOrReport(flags);
      if (dbUrl === false) return done(1);
      let text: string;
      try {
        const core = await openCore(flags.dir, { encryption: encryptionFromFlags(flags), dbUrl });
        try {
          // Loaded here: TypeBox is ~200 modules every other command would load for nothing.
          const { generateTypes } = await import('../core/schema/typescript.ts');
          text = generateTypes(core.collections.all());
        } finally {
          await core.store.writes.drain();
          core.store.close();
        }
      } catch (err) {
        console.error(
          dbUrl
            ? openFailure(flags.dir, dbUrl, err)
            : `Failed to read the collections of "${flags.dir}": ${String(err)}`,
        );
        done(1);
        return;
      }
      if (!opts.out) {
        process.stdout.write(text);
        done(0);
        return;
      }
      writeFileSync(opts.out, text);
      console.log(`Wrote the types of the collections to "${opts.out}"`);
      done(0);
    });
}
