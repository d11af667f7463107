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
export const onRecordCreateExecute = outsideHooksFile('onRecordCreateExecute');
export const onRecordAfterCreateSuccess = outsideHooksFile('onRecordAfterCreateSuccess');
export const onRecordAfterCreateError = outsideHooksFile('onRecordAfterCreateError');
export const onRecordUpdate = outsideHooksFile('onRecordUpdate');
export const onRecordUpdateExecute = outsideHooksFile('onRecordUpdateExecute');
export const onRecordAfterUpdateSuccess = outsideHooksFile('onRecordAfterUpdateSuccess');
export const onRecordAfterUpdateError = outsideHooksFile('onRecordAfterUpdateError');
export const onRecordDelete = outsideHooksFile('onRecordDelete');
export const onRecordDeleteExecute = outsideHooksFile('onRecordDeleteExecute');
export const onRecordAfterDeleteSuccess = outsideHooksFile('onRecordAfterDeleteSuccess');
export const onRecordAfterDeleteError = outsideHooksFile('onRecordAfterDeleteError');
export const onRecordEnrich = outsideHooksFile('onRecordEnrich');
export const onCollectionValidate = outsideHooksFile('onCollectionValidate');
export const onCollectionCreate = outsideHooksFile('onCollectionCreate');
export const onCollectionCreateExecute = outsideHooksFile('onCollectionCreateExecute');
export const onCollectionAfterCreateSuccess = outsideHooksFile('onCollectionAfterCreateSuccess');
export const onCollectionAfterCreateError = outsideHooksFile('onCollectionAfterCreateError');
export const onCollectionUpdate = outsideHooksFile('onCollectionUpdate');
export const onCollectionUpdateExecute = outsideHooksFile('onCollectionUpdateExecute');
export const onCollectionAfterUpdateSuccess = outsideHooksFile('onCollectionAfterUpdateSuccess');
export const onCollectionAfterUpdateError = outsideHooksFile('onCollectionAfterUpdateError');
export const onCollectionDelete = outsideHooksFile('onCollectionDelete');
export const onCollectionDeleteExecute = outsideHooksFile('onCollectionDeleteExecute');
export const onCollectionAfterDeleteSuccess = outsideHooksFile('onCollectionAfterDeleteSuccess');
export const onCollectionAfterDeleteError = outsideHooksFile('onCollectionAfterDeleteError');
export const onMailerSend = outsideHooksFile('onMailerSend');
export const onMailerRecordPasswordResetSend = outsideHooksFile('onMailerRecordPasswordResetSend');
export const onMailerRecordVerificationSend = outsideHooksFile('onMailerRecordVerificationSend');
export const onMailerRecordEmailChangeSend = outsideHooksFile('onMailerRecordEmailChangeSend');
export const onMailerRecordOTPSend = outsideHooksFile('onMailerRecordOTPSend');
export const onMailerRecordAuthAlertSend = outsideHooksFile('onMailerRecordAuthAlertSend');
export const onRealtimeMessageSend = outsideHooksFile('onRealtimeMessageSend');
export const onSettingsReload = outsideHooksFile('onSettingsReload');
export const onBackupCreate = outsideHooksFile('onBackupCreate');
export const onBackupRestore = outsideHooksFile('onBackupRestore');
export const onRecordsListRequest = outsideHooksFile('onRecordsListRequest');
export const onRecordViewRequest = outsideHooksFile('onRecordViewRequest');
export const onRecordCreateRequest = outsideHooksFile('onRecordCreateRequest');
export const onRecordUpdateRequest = outsideHooksFile('onRecordUpdateRequest');
export const onRecordDeleteRequest = outsideHooksFile('onRecordDeleteRequest');
export const onRecordAuthRequest = outsideHooksFile('onRecordAuthRequest');
export const onRecordAuthWithPasswordRequest = outsideHooksFile('onRecordAuthWithPasswordRequest');
export const onRecordAuthWithOAuth2Request = outsideHooksFile('onRecordAuthWithOAuth2Request');
export const onRecordAuthRefreshRequest = outsideHooksFile('onRecordAuthRefreshRequest');
export const onRecordAuthWithOTPRequest = outsideHooksFile('onRecordAuthWithOTPRequest');
export const onRecordRequestPasswordResetRequest = outsideHooksFile(
  'onRecordRequestPasswordResetRequest',
);
export const onRecordConfirmPasswordResetRequest = outsideHooksFile(
  'onRecordConfirmPasswordResetRequest',
);
export const onRecordRequestVerificationRequest = outsideHooksFile(
  'onRecordRequestVerificationRequest',
);
export const onRecordConfirmVerificationRequest = outsideHooksFile(
  'onRecordConfirmVerificationRequest',
);
export const onRecordRequestEmailChangeRequest = outsideHooksFile(
  'onRecordRequestEmailChangeRequest',
);
export const onRecordConfirmEmailChangeRequest = outsideHooksFile(
  'onRecordConfirmEmailChangeRequest',
);
export const onRecordRequestOTPRequest = outsideHooksFile('onRecordRequestOTPRequest');
export const onFileDownloadRequest = outsideHooksFile('onFileDownloadRequest');
export const onFileTokenRequest = outsideHooksFile('onFileTokenRequest');
export const onBatchRequest = outsideHooksFile('onBatchRequest');
export const onCollectionsListRequest = outsideHooksFile('onCollectionsListRequest');
export const onCollectionViewRequest = outsideHooksFile('onCollectionViewRequest');
export const onCollectionCreateRequest = outsideHooksFile('onCollectionCreateRequest');
export const onCollectionUpdateRequest = outsideHooksFile('onCollectionUpdateRequest');
export const onCollectionDeleteRequest = outsideHooksFile('onCollectionDeleteRequest');
export const onCollectionsImportRequest = outsideHooksFile('onCollectionsImportRequest');
export const onSettingsListRequest = outsideHooksFile('onSettingsListRequest');
export const onSettingsUpdateRequest = outsideHooksFile('onSettingsUpdateRequest');
export const onRealtimeConnectRequest = outsideHooksFile('onRealtimeConnectRequest');
export const onRealtimeSubscribeRequest = outsideHooksFile('onRealtimeSubscribeRequest');
export const onBootstrap = outsideHooksFile('onBootstrap');
export const onServe = outsideHooksFile('onServe');
export const onTerminate = outsideHooksFile('onTerminate');
export const routerAdd = outsideHooksFile('routerAdd');
export const routerUse = outsideHooksFile('routerUse');
export const cronAdd = outsideHooksFile('cronAdd');
export const cronRemove = outsideHooksFile('cronRemove');
export const bind = outsideHooksFile('bind');
