/**
 * What the exchange log says after an approval or a rejection of exchanges held for review
 * (CardExchangeLogController.ReviewSummary), as the title, message and variant of one toast: how many were
 * reviewed, and for the others the reasons the controller gave (already in the user's language), grouped with
 * their counts.
 */
import { formatLabel } from 'c/cardFormat';
import LABELS from './labels';

/** CardExchangeReviewService.REASON_NOT_WAITING */
const NOT_WAITING = 'NotWaitingForReview';

/** @returns {string} "2 exchange(s): <reason>. 1 exchange(s): <reason>." in the order the reasons first come */
export function reasonLines(reasons = []) {
  const groups = new Map();
  for (const { code, message } of reasons) {
    const group = groups.get(code) || { message, count: 0 };
    group.count += 1;
    groups.set(code, group);
  }
  return [...groups.values()]
    .map(({ count, message }) => formatLabel(LABELS.reviewReasonCount, count, message))
    .join(' ');
}

// Nothing reviewed: "none waits any more" when that is the only reason, else "none could be", with the reasons.
function nothingReviewed(reasons, noneLabel) {
  const onlyNotWaiting = reasons.every((reason) => reason.code === NOT_WAITING);
  return onlyNotWaiting
    ? { title: LABELS.reviewNoneWaiting, message: '', variant: 'warning' }
    : { title: noneLabel, message: reasonLines(reasons), variant: 'warning' };
}

/** @returns {{title: string, message: string, variant: string}} */
export function approvalToast({ reviewed = 0, succeeded = 0, failed = 0, reasons = [] } = {}) {
  if (reviewed === 0) {
    return nothingReviewed(reasons, LABELS.approveNone);
  }
  return {
    title: formatLabel(LABELS.approveDone, reviewed, succeeded, failed),
    message: reasonLines(reasons),
    variant: failed > 0 || reasons.length > 0 ? 'warning' : 'success'
  };
}

/**
 * The reasons say how many were not waiting for review any more (notWaitingForReview), and which could not be saved.
 * @returns {{title: string, message: string, variant: string}}
 */
export function rejectionToast({ reviewed = 0, reasons = [] } = {}) {
  if (reviewed === 0) {
    return nothingReviewed(reasons, LABELS.rejectNone);
  }
  return {
    title: formatLabel(LABELS.rejectDone, reviewed),
    message: reasonLines(reasons),
    variant: reasons.length > 0 ? 'warning' : 'success'
  };
}
