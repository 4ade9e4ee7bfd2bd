/**
 * What the setup assistant shows above its steps: when the relay last delivered an exchange, and the exchanges
 * that wait (held by a setup problem, or for another automatic attempt) by reason, with "Process waiting
 * exchanges" for admins who may manage the setup. Tells its page when it processed some, so the page refreshes.
 */
import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import processWaiting from '@salesforce/apex/CardSetupAssistantController.processWaiting';
import { reduceErrors } from 'c/cardErrors';
import { formatDateTime, formatLabel } from 'c/cardFormat';
import LABELS from './labels';

// CardReceivedExchange__c.ErrorCode__c values (CardSubscriberReadiness, CardExchangeProcessor, ...).
const REASON_BY_CODE = {
  CARD_NO_RUN_AS_USER: LABELS.reasonNoRunAsUser,
  CARD_NO_ACCESS: LABELS.reasonNoAccess,
  CARD_PROCESSING_ERROR: LABELS.reasonProcessingError,
  CARD_LOG_NOT_SAVED: LABELS.reasonLogNotSaved,
  CARD_STORE_FAILED: LABELS.reasonStoreFailed,
  CARD_NO_PAYLOAD: LABELS.reasonNoPayload
};
const PENDING = 'Pending';

/** The reason in the admin's words; a code this version does not know shows as it is. */
export function reasonText(reason) {
  if (reason.code) {
    return REASON_BY_CODE[reason.code] || reason.code;
  }
  return reason.status === PENDING ? LABELS.reasonPending : LABELS.reasonOther;
}

export default class CardExchangeActivity extends LightningElement {
  labels = LABELS;
  /** SetupState.lastExchangeAt: the latest real exchange from the relay, or null. */
  @api lastExchangeAt;
  /** SetupState.waiting: { total, oldest, reasons: [{ status, code, count, oldest }] }. */
  @api waiting;
  /** Whether the user holds the Manage Cardbridge setup custom permission. */
  @api canManage = false;
  processing = false;

  get lastExchangeText() {
    return this.lastExchangeAt
      ? formatLabel(LABELS.lastExchange, formatDateTime(this.lastExchangeAt))
      : LABELS.noExchangeYet;
  }

  get hasWaiting() {
    return Boolean(this.waiting) && this.waiting.total > 0;
  }

  get waitingSummary() {
    return formatLabel(LABELS.waitingSummary, this.waiting.total, formatDateTime(this.waiting.oldest));
  }

  get reasons() {
    return ((this.waiting && this.waiting.reasons) || []).map((reason) => ({
      key: `${reason.status}-${reason.code}`,
      code: reason.code || reason.status,
      text: formatLabel(LABELS.waitingReason, reasonText(reason), reason.count)
    }));
  }

  async handleProcess() {
    this.processing = true;
    try {
      const result = await processWaiting();
      this.toast(
        formatLabel(LABELS.processed, result.processed, result.stillWaiting),
        '',
        result.stillWaiting > 0 ? 'warning' : 'success'
      );
      this.dispatchEvent(new CustomEvent('processed', { detail: result }));
    } catch (error) {
      this.toast(LABELS.processFailed, reduceErrors(error).join(' '), 'error');
    } finally {
      this.processing = false;
    }
  }

  toast(title, message, variant) {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
