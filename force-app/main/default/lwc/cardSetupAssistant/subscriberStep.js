/**
 * The subscriber step in the admin's words: the trigger's subscription (EventBusSubscriber) and what its status
 * means, who runs it (SetupState.runAs: Automated Process means exchanges wait) and the batch size to configure.
 */
import { formatDateTime, formatLabel } from 'c/cardFormat';
import LABELS from './labels';

const HEALTHY_STATUSES = ['Running', 'Idle'];
const STATUS_ADVICE = {
  Running: LABELS.subscriberRunning,
  Idle: LABELS.subscriberIdle,
  Suspended: LABELS.subscriberSuspended,
  Error: LABELS.subscriberError,
  Expired: LABELS.subscriberExpired
};

/**
 * @param {object} state SetupState, or undefined before it is read
 * @returns {object} what the step shows, and whether it is done
 */
export function describeSubscriberStep(state) {
  const subscriber = state && state.subscriber;
  const runAs = (state && state.runAs) || { known: false };
  const batchSize = state && state.recommendedBatchSize;
  const healthy = Boolean(subscriber && HEALTHY_STATUSES.includes(subscriber.status));
  const runAsAutomated = Boolean(runAs.known && runAs.automatedProcess);
  let advice = LABELS.subscriberNone;
  if (subscriber) {
    advice = STATUS_ADVICE[subscriber.status] || subscriber.status;
  }
  return {
    subscriber,
    advice,
    alertClass: `slds-box slds-box_small slds-m-top_small ${healthy ? 'slds-theme_success' : 'slds-theme_warning'}`,
    runAsUnknown: !runAs.known,
    runAsAutomated,
    runAsUserText: formatLabel(LABELS.runAsUser, runAs.userName, formatDateTime(runAs.receivedAt)),
    batchSize,
    batchSizeAdvice: formatLabel(LABELS.batchSizeAdvice, batchSize, (state && state.activeIntegrationCount) || 0),
    runAsStepBatch: formatLabel(LABELS.runAsStepBatch, batchSize),
    // An idle subscriber that runs as Automated Process processes nothing.
    done: healthy && !runAsAutomated
  };
}
