/**
 * The integration's own settings in the editor (not its mapping rows, see mappingRows.js): a new integration's
 * defaults, the choices of each setting, and the checks that mirror CardIntegrationEditorController.validate.
 */
import LABELS from './labels';

export const CONTACT_USE_CASES = ['CreateContact', 'UpsertContactByEmail'];
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
