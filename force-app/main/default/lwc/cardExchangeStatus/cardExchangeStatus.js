/**
 * The statuses an exchange log row can have (CardExchangeJob: Created, Updated, Repeat when the person already existed
 * and was kept or given an activity, Skipped, Duplicate, Failed, and for integrations that hold exchanges, Review and
 * Rejected) in the user's language, so every screen names them alike;
 * and the exchange log's page filtered to a status, so other screens can lead there.
 */
import statusCreated from '@salesforce/label/c.CardStatusCreated';
import statusUpdated from '@salesforce/label/c.CardStatusUpdated';
import statusRepeat from '@salesforce/label/c.CardStatusRepeat';
import statusSkipped from '@salesforce/label/c.CardStatusSkipped';
import statusDuplicate from '@salesforce/label/c.CardStatusDuplicate';
import statusFailed from '@salesforce/label/c.CardStatusFailed';
import statusReview from '@salesforce/label/c.CardStatusReview';
import statusRejected from '@salesforce/label/c.CardStatusRejected';

/** CardExchangeJob.REVIEW: held for review, nothing created until approved. */
export const REVIEW = 'Review';
export const FAILED = 'Failed';

const LABELS = {
  Created: statusCreated,
  Updated: statusUpdated,
  Repeat: statusRepeat,
  Skipped: statusSkipped,
  Duplicate: statusDuplicate,
  Failed: statusFailed,
  Review: statusReview,
  Rejected: statusRejected
};

/** Every status, in the order a status filter offers them. */
export const STATUSES = Object.keys(LABELS);

/**
 * @param {string} status a CardExchangeLog__c.Status__c value
 * @returns {string} its label; an unknown value as it came, so nothing is hidden
 */
export function statusLabel(status) {
  return LABELS[status] || status || '';
}

/** The Card Exchange Log tab (CardExchangeLogPage) as Lightning names it in the package's namespace. */
export const LOG_TAB = 'cardbridge__CardExchangeLogPage';
// Page state keys carry the namespace of the package that reads them; c__ is read too, for unpackaged orgs.
const STATE_PREFIXES = ['cardbridge__', 'c__'];
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * @param {{status?: string, integrationId?: string}} filters what the log should show
 * @returns {object} a standard__navItemPage reference to the log tab with those filters in its state
 */
export function logPageReference({ status, integrationId } = {}) {
  const state = {};
  if (status) {
    state[`${STATE_PREFIXES[0]}status`] = status;
  }
  if (integrationId) {
    state[`${STATE_PREFIXES[0]}integrationId`] = integrationId;
  }
  return { type: 'standard__navItemPage', attributes: { apiName: LOG_TAB }, state };
}

/**
 * @param {object} pageReference the CurrentPageReference of the log's page
 * @returns {{status: string|null, integrationId: string|null}} the filters its state asks for; unknown values dropped
 */
export function logFiltersOf(pageReference) {
  const state = (pageReference && pageReference.state) || {};
  const read = (key) => STATE_PREFIXES.map((prefix) => state[prefix + key]).find(Boolean) || null;
  const status = read('status');
  const integrationId = read('integrationId');
  return {
    status: STATUSES.includes(status) ? status : null,
    integrationId: ID_PATTERN.test(integrationId || '') ? integrationId : null
  };
}
