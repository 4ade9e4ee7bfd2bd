// The setup assistant's user-visible strings (custom labels, translated in fr.translation-meta.xml).
import title from '@salesforce/label/c.CardSetupTitle';
import refresh from '@salesforce/label/c.CardSetupRefresh';
import previous from '@salesforce/label/c.CardSetupPrevious';
import next from '@salesforce/label/c.CardSetupNext';
import done from '@salesforce/label/c.CardSetupStepDone';
import todo from '@salesforce/label/c.CardSetupStepTodo';
import manual from '@salesforce/label/c.CardSetupStepManual';
import stepApp from '@salesforce/label/c.CardSetupStepApp';
import stepPermissions from '@salesforce/label/c.CardSetupStepPermissions';
import stepSubscriber from '@salesforce/label/c.CardSetupStepSubscriber';
import stepTest from '@salesforce/label/c.CardSetupStepTest';
import appIntro from '@salesforce/label/c.CardSetupAppIntro';
import appCreate from '@salesforce/label/c.CardSetupAppCreate';
import appOauth from '@salesforce/label/c.CardSetupAppOauth';
import appCallback from '@salesforce/label/c.CardSetupAppCallback';
import appScopes from '@salesforce/label/c.CardSetupAppScopes';
import appClientCredentials from '@salesforce/label/c.CardSetupAppClientCredentials';
import appCopyKeys from '@salesforce/label/c.CardSetupAppCopyKeys';
import appDelay from '@salesforce/label/c.CardSetupAppDelay';
import permissionsIntro from '@salesforce/label/c.CardSetupPermissionsIntro';
import permissionNotInstalled from '@salesforce/label/c.CardSetupPermissionNotInstalled';
import permissionAssigned from '@salesforce/label/c.CardSetupPermissionAssigned';
import permissionUnassigned from '@salesforce/label/c.CardSetupPermissionUnassigned';
import accessTitle from '@salesforce/label/c.CardSetupAccessTitle';
import accessOk from '@salesforce/label/c.CardSetupAccessOk';
import accessMissing from '@salesforce/label/c.CardSetupAccessMissing';
import accessFix from '@salesforce/label/c.CardSetupAccessFix';
import accessRight from '@salesforce/label/c.CardSetupAccessRight';
import accessRead from '@salesforce/label/c.CardSetupAccessRead';
import accessCreate from '@salesforce/label/c.CardSetupAccessCreate';
import accessEdit from '@salesforce/label/c.CardSetupAccessEdit';
import accessDelete from '@salesforce/label/c.CardSetupAccessDelete';
import accessViewAll from '@salesforce/label/c.CardSetupAccessViewAll';
import accessModifyAll from '@salesforce/label/c.CardSetupAccessModifyAll';
import accessTaskHint from '@salesforce/label/c.CardSetupAccessTaskHint';
import accessNoUser from '@salesforce/label/c.CardSetupAccessNoUser';
import accessMoreUsers from '@salesforce/label/c.CardSetupAccessMoreUsers';
import accessUnavailable from '@salesforce/label/c.CardSetupAccessUnavailable';
import subscriberRunAs from '@salesforce/label/c.CardSetupSubscriberRunAs';
import subscriberNone from '@salesforce/label/c.CardSetupSubscriberNone';
import subscriberStatus from '@salesforce/label/c.CardSetupSubscriberStatus';
import subscriberPosition from '@salesforce/label/c.CardSetupSubscriberPosition';
import subscriberRetries from '@salesforce/label/c.CardSetupSubscriberRetries';
import subscriberLastError from '@salesforce/label/c.CardSetupSubscriberLastError';
import subscriberRunning from '@salesforce/label/c.CardSetupSubscriberRunning';
import subscriberIdle from '@salesforce/label/c.CardSetupSubscriberIdle';
import subscriberSuspended from '@salesforce/label/c.CardSetupSubscriberSuspended';
import subscriberError from '@salesforce/label/c.CardSetupSubscriberError';
import subscriberExpired from '@salesforce/label/c.CardSetupSubscriberExpired';
import testIntro from '@salesforce/label/c.CardSetupTestIntro';
import testSend from '@salesforce/label/c.CardSetupTestSend';
import testSent from '@salesforce/label/c.CardSetupTestSent';
import testWaiting from '@salesforce/label/c.CardSetupTestWaiting';
import testNoOutcome from '@salesforce/label/c.CardSetupTestNoOutcome';
import testNoIntegration from '@salesforce/label/c.CardSetupTestNoIntegration';
import testNeedsManage from '@salesforce/label/c.CardSetupTestNeedsManage';
import testWaitsForRunAs from '@salesforce/label/c.CardSetupTestWaitsForRunAs';
import columnIntegration from '@salesforce/label/c.CardColumnIntegration';
import columnStatus from '@salesforce/label/c.CardColumnStatus';
import columnRecord from '@salesforce/label/c.CardColumnRecord';
import columnError from '@salesforce/label/c.CardColumnError';
import loadError from '@salesforce/label/c.CardSetupLoadError';
import sendError from '@salesforce/label/c.CardSetupSendError';
import stepRetention from '@salesforce/label/c.CardSetupStepRetention';
import runAsUnknown from '@salesforce/label/c.CardSetupRunAsUnknown';
import runAsUser from '@salesforce/label/c.CardSetupRunAsUser';
import runAsAutomatedTitle from '@salesforce/label/c.CardSetupRunAsAutomatedTitle';
import runAsAutomatedText from '@salesforce/label/c.CardSetupRunAsAutomatedText';
import runAsStepOpen from '@salesforce/label/c.CardSetupRunAsStepOpen';
import runAsStepUser from '@salesforce/label/c.CardSetupRunAsStepUser';
import runAsStepBatch from '@salesforce/label/c.CardSetupRunAsStepBatch';
import runAsStepSave from '@salesforce/label/c.CardSetupRunAsStepSave';
import runAsMetadata from '@salesforce/label/c.CardSetupRunAsMetadata';
import batchSizeAdvice from '@salesforce/label/c.CardSetupBatchSizeAdvice';
import grantButton from '@salesforce/label/c.CardSetupGrantButton';
import grantDone from '@salesforce/label/c.CardSetupGrantDone';
import grantRefused from '@salesforce/label/c.CardSetupGrantRefused';
import grantRefusedList from '@salesforce/label/c.CardSetupGrantRefusedList';
import grantNothing from '@salesforce/label/c.CardSetupGrantNothing';
import grantPlanFailed from '@salesforce/label/c.CardSetupGrantPlanFailed';
import grantFailed from '@salesforce/label/c.CardSetupGrantFailed';

export default {
  title,
  refresh,
  previous,
  next,
  done,
  todo,
  manual,
  stepApp,
  stepPermissions,
  stepSubscriber,
  stepTest,
  appIntro,
  appCreate,
  appOauth,
  appCallback,
  appScopes,
  appClientCredentials,
  appCopyKeys,
  appDelay,
  permissionsIntro,
  permissionNotInstalled,
  permissionAssigned,
  permissionUnassigned,
  accessTitle,
  accessOk,
  accessMissing,
  accessFix,
  accessRight,
  accessRead,
  accessCreate,
  accessEdit,
  accessDelete,
  accessViewAll,
  accessModifyAll,
  accessTaskHint,
  accessNoUser,
  accessMoreUsers,
  accessUnavailable,
  subscriberRunAs,
  subscriberNone,
  subscriberStatus,
  subscriberPosition,
  subscriberRetries,
  subscriberLastError,
  subscriberRunning,
  subscriberIdle,
  subscriberSuspended,
  subscriberError,
  subscriberExpired,
  testIntro,
  testSend,
  testSent,
  testWaiting,
  testNoOutcome,
  testNoIntegration,
  testNeedsManage,
  testWaitsForRunAs,
  columnIntegration,
  columnStatus,
  columnRecord,
  columnError,
  loadError,
  sendError,
  stepRetention,
  runAsUnknown,
  runAsUser,
  runAsAutomatedTitle,
  runAsAutomatedText,
  runAsStepOpen,
  runAsStepUser,
  runAsStepBatch,
  runAsStepSave,
  runAsMetadata,
  batchSizeAdvice,
  grantButton,
  grantDone,
  grantRefused,
  grantRefusedList,
  grantNothing,
  grantPlanFailed,
  grantFailed
};
