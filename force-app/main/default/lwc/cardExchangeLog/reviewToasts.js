/**
 * What the exchange log says after an approval or a rejection of exchanges held for review
 * (CardExchangeLogController.ReviewSummary), as the title, message and variant of one toast.
 */
import { formatLabel } from 'c/cardFormat';
import LABELS from './labels';

/** @returns {{title: string, message: string, variant: string}} */
export function approvalToast({ reviewed = 0, succeeded = 0, failed = 0, notApprovable = 0 } = {}) {
  const notApproved = notApprovable > 0 ? formatLabel(LABELS.approveNotApprovable, notApprovable) : '';
  if (reviewed === 0) {
    return notApprovable > 0
      ? { title: notApproved, message: '', variant: 'warning' }
      : { title: LABELS.reviewNoneWaiting, message: '', variant: 'warning' };
  }
  return {
    title: formatLabel(LABELS.approveDone, reviewed, succeeded, failed),
    message: notApproved,
    variant: failed > 0 || notApprovable > 0 ? 'warning' : 'success'
  };
}

/** @returns {{title: string, message: string, variant: string}} */
export function rejectionToast({ reviewed = 0 } = {}) {
  return reviewed === 0
    ? { title: LABELS.reviewNoneWaiting, message: '', variant: 'warning' }
    : { title: formatLabel(LABELS.rejectDone, reviewed), message: '', variant: 'success' };
}
