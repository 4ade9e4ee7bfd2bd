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
import columnIntegration from '@salesforce/label/c.CardColumnIntegration';
import columnStatus from '@salesforce/label/c.CardColumnStatus';
import columnRecord from '@salesforce/label/c.CardColumnRecord';
import columnError from '@salesforce/label/c.CardColumnError';
import loadError from '@salesforce/label/c.CardSetupLoadError';
import sendError from '@salesforce/label/c.CardSetupSendError';

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
  columnIntegration,
  columnStatus,
  columnRecord,
  columnError,
  loadError,
  sendError
};
