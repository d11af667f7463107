// The hooks-file functions as `import { onRecordCreate } from 'satchel'` types them.
//
// At run time a hooks file never reaches these: its bundle resolves 'satchel' to the facade of the
// file being loaded (bundle.ts). A program that imports them from the library by mistake gets an
// error saying where they work, never a silent no-op.
import type { HookApp } from './facade.ts';

type App = HookApp;

function outsideHooksFile<K extends keyof App>(name: K): App[K] {
  return (() => {
    throw new Error(
      `${name}() works at the top level of a hooks file; a program using Satchel as a library ` +
        'registers through the app its extension function receives.',
    );
  }) as unknown as App[K];
}

export const onRecordValidate = outsideHooksFile('onRecordValidate');
export const onRecordCreate = outsideHooksFile('onRecordCreate');
export const onRecordUpdate = outsideHooksFile('onRecordUpdate');
export const onRecordDelete = outsideHooksFile('onRecordDelete');
export const onRecordAfterCreateSuccess = outsideHooksFile('onRecordAfterCreateSuccess');
export const onRecordAfterUpdateSuccess = outsideHooksFile('onRecordAfterUpdateSuccess');
export const onRecordAfterDeleteSuccess = outsideHooksFile('onRecordAfterDeleteSuccess');
export const onRecordAfterCreateError = outsideHooksFile('onRecordAfterCreateError');
export const onRecordAfterUpdateError = outsideHooksFile('onRecordAfterUpdateError');
export const onRecordAfterDeleteError = outsideHooksFile('onRecordAfterDeleteError');
export const onCollectionCreate = outsideHooksFile('onCollectionCreate');
export const onCollectionUpdate = outsideHooksFile('onCollectionUpdate');
export const onCollectionDelete = outsideHooksFile('onCollectionDelete');
export const onCollectionAfterCreateSuccess = outsideHooksFile('onCollectionAfterCreateSuccess');
export const onCollectionAfterUpdateSuccess = outsideHooksFile('onCollectionAfterUpdateSuccess');
export const onCollectionAfterDeleteSuccess = outsideHooksFile('onCollectionAfterDeleteSuccess');
export const routerAdd = outsideHooksFile('routerAdd');
export const routerUse = outsideHooksFile('routerUse');
export const cronAdd = outsideHooksFile('cronAdd');
export const cronRemove = outsideHooksFile('cronRemove');
export const bind = outsideHooksFile('bind');
