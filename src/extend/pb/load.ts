// Placeholder until the pb_hooks runtime lands: a `*.pb.js` file is reported as not loadable.
import type { Registrar } from '../registrar.ts';

export async function loadPbHooksFile(
  _registrar: Registrar,
  file: string,
  _hooksDir: string,
): Promise<void> {
  throw new Error(`pb_hooks runtime not built: ${file} was not loaded`);
}
