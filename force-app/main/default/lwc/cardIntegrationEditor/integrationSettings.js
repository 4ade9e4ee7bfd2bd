/**
 * The integration's own settings in the editor (not its mapping rows, see mappingRows.js): a new integration's
 * defaults, the choices of each setting (with the repeat policy a blank choice stands for), and the checks that
 * mirror CardIntegrationEditorController.validate.
 */
import { formatLabel } from 'c/cardFormat';
import LABELS from './labels';

export const CONTACT_USE_CASES = ['CreateContact', 'UpsertContactByEmail'];
/** CardIntegration__c.RepeatPolicy__c values (CardRepeatPolicy.UPDATE_RECORD, KEEP, ACTIVITY). */
export const REPEAT_UPDATE = 'Update';
export const REPEAT_KEEP = 'Keep';
export const REPEAT_ACTIVITY = 'Activity';
// CardRepeatPolicy.of: the "create or update by email" use cases update the person they find, the others keep it.
const UPDATING_USE_CASES = ['UpsertContactByEmail', 'UpsertLeadByEmail'];
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
    // Blank: the use case's default (defaultRepeatPolicy), which follows the use case when it changes.
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
 * The only place the editor knows CardRepeatPolicy.of's rule for a blank policy.
 * @param {string} useCase a CardIntegration__c.UseCase__c value
 * @returns {string} Update for the "create or update by email" use cases, Keep for the others
 */
export function defaultRepeatPolicy(useCase) {
  return UPDATING_USE_CASES.includes(useCase) ? REPEAT_UPDATE : REPEAT_KEEP;
}

/** @returns {string} what the integration does when the person already exists: its own choice, else the default */
export function effectiveRepeatPolicy(integration) {
  return integration.repeatPolicy || defaultRepeatPolicy(integration.useCase);
}

/** @returns {{label: string, value: string}[]} the three policies, the use case's default marked as such */
export function repeatPolicyOptions(useCase) {
  const fallback = defaultRepeatPolicy(useCase);
  return [REPEAT_UPDATE, REPEAT_KEEP, REPEAT_ACTIVITY].map((value) => ({
    value,
    label: value === fallback ? formatLabel(LABELS.repeatDefaultOption, REPEAT_LABELS[value]) : REPEAT_LABELS[value]
  }));
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
