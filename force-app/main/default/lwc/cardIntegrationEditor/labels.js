// The integration editor's user-visible strings (custom labels, translated in fr.translation-meta.xml).
import titleNew from '@salesforce/label/c.CardEditorTitleNew';
import titleEdit from '@salesforce/label/c.CardEditorTitleEdit';
import pairReminder from '@salesforce/label/c.CardEditorPairReminder';
import sectionGeneral from '@salesforce/label/c.CardEditorSectionGeneral';
import sectionCards from '@salesforce/label/c.CardEditorSectionCards';
import sectionRecords from '@salesforce/label/c.CardEditorSectionRecords';
import sectionMapping from '@salesforce/label/c.CardEditorSectionMapping';
import sectionPreview from '@salesforce/label/c.CardEditorSectionPreview';
import name from '@salesforce/label/c.CardFieldName';
import active from '@salesforce/label/c.CardFieldActive';
import triggerType from '@salesforce/label/c.CardFieldTrigger';
import triggerNewLead from '@salesforce/label/c.CardTriggerNewLead';
import cardIds from '@salesforce/label/c.CardFieldCardIds';
import cardTags from '@salesforce/label/c.CardFieldCardTags';
import addCardId from '@salesforce/label/c.CardEditorAddCardId';
import addTag from '@salesforce/label/c.CardEditorAddTag';
import allCardsHint from '@salesforce/label/c.CardEditorAllCardsHint';
import useCase from '@salesforce/label/c.CardFieldUseCase';
import useCaseCreateContact from '@salesforce/label/c.CardUseCaseCreateContact';
import useCaseCreateLead from '@salesforce/label/c.CardUseCaseCreateLead';
import useCaseUpsertContact from '@salesforce/label/c.CardUseCaseUpsertContact';
import useCaseUpsertLead from '@salesforce/label/c.CardUseCaseUpsertLead';
import accountStrategy from '@salesforce/label/c.CardFieldAccountStrategy';
import accountMatchOrCreate from '@salesforce/label/c.CardAccountMatchOrCreate';
import accountMatchOrNone from '@salesforce/label/c.CardAccountMatchOrNone';
import accountNone from '@salesforce/label/c.CardAccountNone';
import ownerStrategy from '@salesforce/label/c.CardFieldOwnerStrategy';
import ownerCardOwner from '@salesforce/label/c.CardOwnerCardOwner';
import ownerFixedUser from '@salesforce/label/c.CardOwnerFixedUser';
import defaultOwner from '@salesforce/label/c.CardFieldDefaultOwner';
import duplicatePolicy from '@salesforce/label/c.CardFieldDuplicatePolicy';
import duplicateBlock from '@salesforce/label/c.CardDuplicateBlock';
import duplicateAllowSave from '@salesforce/label/c.CardDuplicateAllowSave';
import duplicateUpdateMatch from '@salesforce/label/c.CardDuplicateUpdateMatch';
import campaign from '@salesforce/label/c.CardFieldCampaign';
import campaignMemberStatus from '@salesforce/label/c.CardFieldCampaignMemberStatus';
import createFollowUpTask from '@salesforce/label/c.CardFieldCreateFollowUpTask';
import taskDueInDays from '@salesforce/label/c.CardFieldTaskDueInDays';
import leadSource from '@salesforce/label/c.CardFieldLeadSource';
import companyPlaceholder from '@salesforce/label/c.CardFieldCompanyPlaceholder';
import description from '@salesforce/label/c.CardFieldDescription';
import mappingHint from '@salesforce/label/c.CardEditorMappingHint';
import source from '@salesforce/label/c.CardFieldSource';
import sourceCustom from '@salesforce/label/c.CardSourceCustomField';
import sourceConstant from '@salesforce/label/c.CardSourceConstant';
import customKey from '@salesforce/label/c.CardFieldCustomKey';
import constant from '@salesforce/label/c.CardFieldConstant';
import target from '@salesforce/label/c.CardFieldTarget';
import defaultValue from '@salesforce/label/c.CardFieldDefaultValue';
import transform from '@salesforce/label/c.CardFieldTransform';
import transformNone from '@salesforce/label/c.CardTransformNone';
import transformTrim from '@salesforce/label/c.CardTransformTrim';
import transformUpper from '@salesforce/label/c.CardTransformUpper';
import transformLower from '@salesforce/label/c.CardTransformLower';
import transformTitleCase from '@salesforce/label/c.CardTransformTitleCase';
import transformFirstNameOfFull from '@salesforce/label/c.CardTransformFirstNameOfFull';
import transformLastNameOfFull from '@salesforce/label/c.CardTransformLastNameOfFull';
import transformPicklistMatch from '@salesforce/label/c.CardTransformPicklistMatch';
import targetDetail from '@salesforce/label/c.CardEditorTargetDetail';
import addRow from '@salesforce/label/c.CardEditorAddRow';
import removeRow from '@salesforce/label/c.CardEditorRemoveRow';
import resetRows from '@salesforce/label/c.CardEditorResetRows';
import noRows from '@salesforce/label/c.CardEditorNoRows';
import rowLabel from '@salesforce/label/c.CardEditorRowLabel';
import preview from '@salesforce/label/c.CardEditorPreview';
import previewEmpty from '@salesforce/label/c.CardEditorPreviewEmpty';
import previewError from '@salesforce/label/c.CardEditorPreviewError';
import columnTarget from '@salesforce/label/c.CardColumnTarget';
import columnSource from '@salesforce/label/c.CardColumnSource';
import columnValue from '@salesforce/label/c.CardColumnValue';
import columnWarning from '@salesforce/label/c.CardColumnWarning';
import save from '@salesforce/label/c.CardEditorSave';
import cancel from '@salesforce/label/c.CardEditorCancel';
import saved from '@salesforce/label/c.CardEditorSaved';
import loading from '@salesforce/label/c.CardEditorLoading';
import saveFailed from '@salesforce/label/c.CardEditorSaveFailed';
import errorSummary from '@salesforce/label/c.CardEditorErrorSummary';
import loadError from '@salesforce/label/c.CardEditorLoadError';
import targetRequired from '@salesforce/label/c.CardValidationTargetRequired';
import targetDuplicate from '@salesforce/label/c.CardValidationTargetDuplicate';
import sourceRequired from '@salesforce/label/c.CardValidationSourceRequired';
import customKeyRequired from '@salesforce/label/c.CardValidationCustomKeyRequired';
import tooLong from '@salesforce/label/c.CardValidationTooLong';
import ownerRequired from '@salesforce/label/c.CardValidationOwnerRequired';
import defaultOwnerRequired from '@salesforce/label/c.CardValidationDefaultOwnerRequired';
import defaultOwnerFallback from '@salesforce/label/c.CardFieldDefaultOwnerFallback';
import nameRequired from '@salesforce/label/c.CardValidationNameRequired';
import holdForReview from '@salesforce/label/c.CardFieldHoldForReview';
import holdHelp from '@salesforce/label/c.CardEditorHoldHelp';
import holdOn from '@salesforce/label/c.CardEditorHoldOn';
import holdOff from '@salesforce/label/c.CardEditorHoldOff';
import repeatPolicy from '@salesforce/label/c.CardFieldRepeatPolicy';
import repeatUpdate from '@salesforce/label/c.CardRepeatPolicyUpdate';
import repeatKeep from '@salesforce/label/c.CardRepeatPolicyKeep';
import repeatActivity from '@salesforce/label/c.CardRepeatPolicyActivity';
import repeatDefaultOption from '@salesforce/label/c.CardEditorRepeatDefaultOption';
import repeatDefaultApplies from '@salesforce/label/c.CardEditorRepeatDefaultApplies';
import repeatNeverTwice from '@salesforce/label/c.CardEditorRepeatNeverTwice';
import repeatActivityHelp from '@salesforce/label/c.CardEditorRepeatActivityHelp';
import consentTitle from '@salesforce/label/c.CardEditorConsentTitle';
import consentWritten from '@salesforce/label/c.CardEditorConsentWritten';
import consentOff from '@salesforce/label/c.CardEditorConsentOff';
import consentNeverClears from '@salesforce/label/c.CardEditorConsentNeverClears';
import consentContactPoint from '@salesforce/label/c.CardEditorConsentContactPoint';
import consentStatus from '@salesforce/label/c.CardEditorConsentStatus';
import consentOptIn from '@salesforce/label/c.CardEditorConsentOptIn';
import consentOptOut from '@salesforce/label/c.CardEditorConsentOptOut';
import consentCaptured from '@salesforce/label/c.CardEditorConsentCaptured';
import consentCapturedThrough from '@salesforce/label/c.CardEditorConsentCapturedThrough';
import consentSource from '@salesforce/label/c.CardEditorConsentSource';

export default {
  titleNew,
  titleEdit,
  pairReminder,
  sectionGeneral,
  sectionCards,
  sectionRecords,
  sectionMapping,
  sectionPreview,
  name,
  active,
  triggerType,
  triggerNewLead,
  cardIds,
  cardTags,
  addCardId,
  addTag,
  allCardsHint,
  useCase,
  useCaseCreateContact,
  useCaseCreateLead,
  useCaseUpsertContact,
  useCaseUpsertLead,
  accountStrategy,
  accountMatchOrCreate,
  accountMatchOrNone,
  accountNone,
  ownerStrategy,
  ownerCardOwner,
  ownerFixedUser,
  defaultOwner,
  duplicatePolicy,
  duplicateBlock,
  duplicateAllowSave,
  duplicateUpdateMatch,
  campaign,
  campaignMemberStatus,
  createFollowUpTask,
  taskDueInDays,
  leadSource,
  companyPlaceholder,
  description,
  mappingHint,
  source,
  sourceCustom,
  sourceConstant,
  customKey,
  constant,
  target,
  defaultValue,
  transform,
  transformNone,
  transformTrim,
  transformUpper,
  transformLower,
  transformTitleCase,
  transformFirstNameOfFull,
  transformLastNameOfFull,
  transformPicklistMatch,
  targetDetail,
  addRow,
  removeRow,
  resetRows,
  noRows,
  rowLabel,
  preview,
  previewEmpty,
  previewError,
  columnTarget,
  columnSource,
  columnValue,
  columnWarning,
  save,
  cancel,
  saved,
  loading,
  saveFailed,
  errorSummary,
  loadError,
  targetRequired,
  targetDuplicate,
  sourceRequired,
  customKeyRequired,
  tooLong,
  ownerRequired,
  defaultOwnerRequired,
  defaultOwnerFallback,
  nameRequired,
  holdForReview,
  holdHelp,
  holdOn,
  holdOff,
  repeatPolicy,
  repeatUpdate,
  repeatKeep,
  repeatActivity,
  repeatDefaultOption,
  repeatDefaultApplies,
  repeatNeverTwice,
  repeatActivityHelp,
  consentTitle,
  consentWritten,
  consentOff,
  consentNeverClears,
  consentContactPoint,
  consentStatus,
  consentOptIn,
  consentOptOut,
  consentCaptured,
  consentCapturedThrough,
  consentSource
};
