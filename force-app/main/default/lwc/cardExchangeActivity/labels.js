// What the activity summary says (custom labels, translated in fr.translation-meta.xml).
import lastExchange from '@salesforce/label/c.CardSetupLastExchange';
import noExchangeYet from '@salesforce/label/c.CardSetupNoExchangeYet';
import waitingNone from '@salesforce/label/c.CardSetupWaitingNone';
import waitingSummary from '@salesforce/label/c.CardSetupWaitingSummary';
import waitingReason from '@salesforce/label/c.CardSetupWaitingReason';
import reasonNoRunAsUser from '@salesforce/label/c.CardSetupWaitingNoRunAsUser';
import reasonNoAccess from '@salesforce/label/c.CardSetupWaitingNoAccess';
import reasonProcessingError from '@salesforce/label/c.CardSetupWaitingProcessingError';
import reasonLogNotSaved from '@salesforce/label/c.CardSetupWaitingLogNotSaved';
import reasonStoreFailed from '@salesforce/label/c.CardSetupWaitingStoreFailed';
import reasonNoPayload from '@salesforce/label/c.CardSetupWaitingNoPayload';
import reasonPending from '@salesforce/label/c.CardSetupWaitingPending';
import reasonOther from '@salesforce/label/c.CardSetupWaitingOther';
import process from '@salesforce/label/c.CardSetupWaitingProcess';
import processHelp from '@salesforce/label/c.CardSetupWaitingProcessHelp';
import needsManage from '@salesforce/label/c.CardSetupWaitingNeedsManage';
import processed from '@salesforce/label/c.CardSetupWaitingProcessed';
import processFailed from '@salesforce/label/c.CardSetupWaitingProcessFailed';

export default {
  lastExchange,
  noExchangeYet,
  waitingNone,
  waitingSummary,
  waitingReason,
  reasonNoRunAsUser,
  reasonNoAccess,
  reasonProcessingError,
  reasonLogNotSaved,
  reasonStoreFailed,
  reasonNoPayload,
  reasonPending,
  reasonOther,
  process,
  processHelp,
  needsManage,
  processed,
  processFailed
};
