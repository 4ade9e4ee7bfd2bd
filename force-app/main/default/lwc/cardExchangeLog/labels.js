// The exchange log's user-visible strings (custom labels, translated in fr.translation-meta.xml).
import title from '@salesforce/label/c.CardLogTitle';
import refresh from '@salesforce/label/c.CardSetupRefresh';
import retryNeedsPermission from '@salesforce/label/c.CardLogRetryNeedsPermission';
import filterStatus from '@salesforce/label/c.CardLogFilterStatus';
import filterIntegration from '@salesforce/label/c.CardLogFilterIntegration';
import filterFrom from '@salesforce/label/c.CardLogFilterFrom';
import filterTo from '@salesforce/label/c.CardLogFilterTo';
import filterTestMode from '@salesforce/label/c.CardLogFilterTestMode';
import all from '@salesforce/label/c.CardLogAll';
import testModeReal from '@salesforce/label/c.CardLogTestModeReal';
import testModeTest from '@salesforce/label/c.CardLogTestModeTest';
import columnName from '@salesforce/label/c.CardColumnName';
import columnDate from '@salesforce/label/c.CardColumnDate';
import columnIntegration from '@salesforce/label/c.CardColumnIntegration';
import columnStatus from '@salesforce/label/c.CardColumnStatus';
import columnRecord from '@salesforce/label/c.CardColumnRecord';
import columnError from '@salesforce/label/c.CardColumnError';
import columnTest from '@salesforce/label/c.CardColumnTest';
import columnAttempts from '@salesforce/label/c.CardColumnAttempts';
import columnCard from '@salesforce/label/c.CardColumnCard';
import columnMetBy from '@salesforce/label/c.CardColumnMetBy';
import columnMetAt from '@salesforce/label/c.CardColumnMetAt';
import retrySelected from '@salesforce/label/c.CardLogRetrySelected';
import retryNothing from '@salesforce/label/c.CardLogRetryNothing';
import retryDone from '@salesforce/label/c.CardLogRetryDone';
import retryFailed from '@salesforce/label/c.CardLogRetryFailed';
import loadMore from '@salesforce/label/c.CardLogLoadMore';
import empty from '@salesforce/label/c.CardLogEmpty';
import loadError from '@salesforce/label/c.CardLogLoadError';
import detailTitle from '@salesforce/label/c.CardLogDetailTitle';
import detailClose from '@salesforce/label/c.CardLogDetailClose';
import detailExchange from '@salesforce/label/c.CardLogDetailExchange';
import detailEventUuid from '@salesforce/label/c.CardLogDetailEventUuid';
import detailError from '@salesforce/label/c.CardLogDetailError';
import detailWarnings from '@salesforce/label/c.CardLogDetailWarnings';
import detailPayload from '@salesforce/label/c.CardLogDetailPayload';
import detailRecord from '@salesforce/label/c.CardLogDetailRecord';
import actionView from '@salesforce/label/c.CardActionView';
import detailPayloadCleared from '@salesforce/label/c.CardLogDetailPayloadCleared';
import detailPayloadGone from '@salesforce/label/c.CardLogDetailPayloadGone';
import retryNotRetryable from '@salesforce/label/c.CardLogRetryNotRetryable';
import approve from '@salesforce/label/c.CardLogApprove';
import reject from '@salesforce/label/c.CardLogReject';
import rejectConfirm from '@salesforce/label/c.CardLogRejectConfirm';
import rejectConfirmTitle from '@salesforce/label/c.CardLogRejectConfirmTitle';
import approveDone from '@salesforce/label/c.CardLogApproveDone';
import approveNone from '@salesforce/label/c.CardLogApproveNone';
import rejectDone from '@salesforce/label/c.CardLogRejectDone';
import rejectNone from '@salesforce/label/c.CardLogRejectNone';
import reviewReasonCount from '@salesforce/label/c.CardLogReviewReasonCount';
import reviewNoneWaiting from '@salesforce/label/c.CardLogReviewNoneWaiting';
import reviewFailed from '@salesforce/label/c.CardLogReviewFailed';
import detailReviewed from '@salesforce/label/c.CardLogDetailReviewed';
import detailReviewedBy from '@salesforce/label/c.CardLogDetailReviewedBy';

export default {
  title,
  retryNeedsPermission,
  refresh,
  filterStatus,
  filterIntegration,
  filterFrom,
  filterTo,
  filterTestMode,
  all,
  testModeReal,
  testModeTest,
  columnName,
  columnDate,
  columnIntegration,
  columnStatus,
  columnRecord,
  columnError,
  columnTest,
  columnAttempts,
  columnCard,
  columnMetBy,
  columnMetAt,
  retrySelected,
  retryNothing,
  retryDone,
  retryFailed,
  loadMore,
  empty,
  loadError,
  detailTitle,
  detailClose,
  detailExchange,
  detailEventUuid,
  detailError,
  detailWarnings,
  detailPayload,
  detailRecord,
  actionView,
  detailPayloadCleared,
  detailPayloadGone,
  retryNotRetryable,
  approve,
  reject,
  rejectConfirm,
  rejectConfirmTitle,
  approveDone,
  approveNone,
  rejectDone,
  rejectNone,
  reviewReasonCount,
  reviewNoneWaiting,
  reviewFailed,
  detailReviewed,
  detailReviewedBy
};
