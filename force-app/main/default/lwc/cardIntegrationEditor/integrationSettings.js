/**
 * The integration's own settings in the editor (not its mapping rows, see mappingRows.js): a new integration's
 * defaults, the choices of each setting (the repeat policy a blank choice stands for is the one
 * CardIntegrationEditorController.getDefaultRepeatPolicy answers, never a copy of CardRepeatPolicy's rule), and the
 * checks that mirror CardIntegrationEditorController.validate.
 */
import { formatLabel } from 'c/cardFormat';
import LABELS from './labels';

export const CONTACT_USE_CASES = ['CreateContact', 'UpsertContactByEmail'];
/** CardIntegration__c.RepeatPolicy__c values (CardRepeatPolicy.UPDATE_RECORD, KEEP, ACTIVITY). */
export const REPEAT_UPDATE = 'Update';
export const REPEAT_KEEP = 'Keep';
export const REPEAT_ACTIVITY = 'Activity';
/** CardOwnerResolver.FIXED_USER: every record goes to the default owner. */
export const FIXED_USER = 'FixedUser';

export function newIntegration() {
  return {
    id: null,
    name: '',
    active: false,
    triggerType: 'NewExchangeLead',
    cardIds: '',
    cardTags: '',
    useCase: 'CreateLead',
    accountStrategy: 'MatchOrCreate',
    campaignId: null,
    campaignMemberStatus: '',
    ownerStrategy: 'CardOwner',
    defaultOwnerId: null,
    duplicatePolicy: 'AllowSave',
    createFollowUpTask: false,
    taskDueInDays: 2,
    leadSource: 'Digital Business Card',
    companyPlaceholder: '',
    holdForReview: false,
    // Blank: the use case's default (getDefaultRepeatPolicy), which follows the use case when it changes.
    repeatPolicy: '',
    description: ''
  };
}

/** "card_42, card_7" → ['card_42', 'card_7'] */
export function splitList(text) {
  return (text || '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A card filter as lightning-pill-container items. */
export function pillsOf(text) {
  return splitList(text).map((value) => ({ label: value, name: value }));
}

/** The filter with the typed items added once each ("a, b" + "b, c" → "a, b, c"); unchanged when none was typed. */
export function withItems(text, typed) {
  return [...new Set([...splitList(text), ...splitList(typed)])].join(', ');
}

/** The filter without one item. */
export function withoutItem(text, removed) {
  return splitList(text)
    .filter((value) => value !== removed)
    .join(', ');
}

export const TRIGGER_OPTIONS = [{ label: LABELS.triggerNewLead, value: 'NewExchangeLead' }];

export const USE_CASE_OPTIONS = [
  { label: LABELS.useCaseCreateContact, value: 'CreateContact' },
  { label: LABELS.useCaseCreateLead, value: 'CreateLead' },
  { label: LABELS.useCaseUpsertContact, value: 'UpsertContactByEmail' },
  { label: LABELS.useCaseUpsertLead, value: 'UpsertLeadByEmail' }
];

export const ACCOUNT_STRATEGY_OPTIONS = [
  { label: LABELS.accountMatchOrCreate, value: 'MatchOrCreate' },
  { label: LABELS.accountMatchOrNone, value: 'MatchOrNone' },
  { label: LABELS.accountNone, value: 'None' }
];

export const OWNER_STRATEGY_OPTIONS = [
  { label: LABELS.ownerCardOwner, value: 'CardOwner' },
  { label: LABELS.ownerFixedUser, value: FIXED_USER }
];

export const DUPLICATE_POLICY_OPTIONS = [
  { label: LABELS.duplicateBlock, value: 'Block' },
  { label: LABELS.duplicateAllowSave, value: 'AllowSave' },
  { label: LABELS.duplicateUpdateMatch, value: 'UpdateMatch' }
];

export const TRANSFORM_OPTIONS = [
  ['None', LABELS.transformNone],
  ['Trim', LABELS.transformTrim],
  ['Upper', LABELS.transformUpper],
  ['Lower', LABELS.transformLower],
  ['TitleCase', LABELS.transformTitleCase],
  ['FirstNameOfFull', LABELS.transformFirstNameOfFull],
  ['LastNameOfFull', LABELS.transformLastNameOfFull],
  ['PicklistMatch', LABELS.transformPicklistMatch]
].map(([value, label]) => ({ value, label }));

const REPEAT_LABELS = {
  [REPEAT_UPDATE]: LABELS.repeatUpdate,
  [REPEAT_KEEP]: LABELS.repeatKeep,
  [REPEAT_ACTIVITY]: LABELS.repeatActivity
};

/**
 * @param {{repeatPolicy: string}} integration the integration as edited
 * @param {string} [fallback] what a blank policy means for its use case (getDefaultRepeatPolicy), once known
 * @returns {string} what the integration does when the person already exists: its own choice, else the default
 */
export function effectiveRepeatPolicy(integration, fallback) {
  return integration.repeatPolicy || fallback;
}

/**
 * @param {string} [fallback] the use case's default (getDefaultRepeatPolicy), marked as such once known
 * @returns {{label: string, value: string}[]} the three policies
 */
export function repeatPolicyOptions(fallback) {
  return [REPEAT_UPDATE, REPEAT_KEEP, REPEAT_ACTIVITY].map((value) => ({
    value,
    label: value === fallback ? formatLabel(LABELS.repeatDefaultOption, REPEAT_LABELS[value]) : REPEAT_LABELS[value]
  }));
}

/**
 * The wired default applies to the use case it was asked for only: a use case just changed has none until the
 * wire answers, rather than the previous one's.
 * @param {{useCase: string, policy: string}} [wired] getDefaultRepeatPolicy's answer and the use case it answered for
 * @returns {string|undefined}
 */
export function defaultRepeatPolicyFor(wired, useCase) {
  return wired && wired.useCase === useCase ? wired.policy : undefined;
}

/** The default owner picker's label: the owner itself for a fixed owner, else the fallback when no user matches. */
export function defaultOwnerLabel(integration) {
  return integration.ownerStrategy === FIXED_USER ? LABELS.defaultOwner : LABELS.defaultOwnerFallback;
}

/**
 * The integration's problems the server would report, with the server's messages: a name, and a default owner
 * whatever the owner strategy (every strategy falls back to it, so a record never goes to whoever runs the
 * subscriber).
 * @returns {{rowIndex: null, field: string, message: string}[]}
 */
export function validateIntegration(integration) {
  const errors = [];
  if (!(integration.name || '').trim()) {
    errors.push({ rowIndex: null, field: 'name', message: LABELS.nameRequired });
  }
  if (!integration.defaultOwnerId) {
    const message = integration.ownerStrategy === FIXED_USER ? LABELS.ownerRequired : LABELS.defaultOwnerRequired;
    errors.push({ rowIndex: null, field: 'defaultOwnerId', message });
  }
  return errors;
}
