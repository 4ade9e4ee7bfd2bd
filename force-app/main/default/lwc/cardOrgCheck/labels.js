// The check against the org's user-visible strings (custom labels, translated in fr.translation-meta.xml).
import button from '@salesforce/label/c.CardCheckButton';
import hint from '@salesforce/label/c.CardCheckHint';
import tryWith from '@salesforce/label/c.CardCheckTryWith';
import sampleOption from '@salesforce/label/c.CardCheckSampleOption';
import samplesError from '@salesforce/label/c.CardCheckSamplesError';
import running from '@salesforce/label/c.CardCheckRunning';
import failedTitle from '@salesforce/label/c.CardCheckFailedTitle';
import leadCreatedOwner from '@salesforce/label/c.CardCheckHeadlineLeadCreatedOwner';
import leadCreated from '@salesforce/label/c.CardCheckHeadlineLeadCreated';
import contactCreatedOwner from '@salesforce/label/c.CardCheckHeadlineContactCreatedOwner';
import contactCreated from '@salesforce/label/c.CardCheckHeadlineContactCreated';
import leadUpdated from '@salesforce/label/c.CardCheckHeadlineLeadUpdated';
import contactUpdated from '@salesforce/label/c.CardCheckHeadlineContactUpdated';
import leadUpdatedOwner from '@salesforce/label/c.CardCheckHeadlineLeadUpdatedOwner';
import contactUpdatedOwner from '@salesforce/label/c.CardCheckHeadlineContactUpdatedOwner';
import leadRepeat from '@salesforce/label/c.CardCheckHeadlineLeadRepeat';
import leadRepeatOwner from '@salesforce/label/c.CardCheckHeadlineLeadRepeatOwner';
import contactRepeat from '@salesforce/label/c.CardCheckHeadlineContactRepeat';
import contactRepeatOwner from '@salesforce/label/c.CardCheckHeadlineContactRepeatOwner';
import processingError from '@salesforce/label/c.CardCheckHeadlineProcessingError';
import assignedOwner from '@salesforce/label/c.CardCheckAssignedOwner';
import runsAs from '@salesforce/label/c.CardCheckRunsAs';
import needsPermission from '@salesforce/label/c.CardCheckNeedsPermission';
import duplicate from '@salesforce/label/c.CardCheckHeadlineDuplicate';
import refused from '@salesforce/label/c.CardCheckHeadlineRefused';
import failed from '@salesforce/label/c.CardCheckHeadlineFailed';
import skipped from '@salesforce/label/c.CardCheckHeadlineSkipped';
import other from '@salesforce/label/c.CardCheckHeadlineOther';
import runAs from '@salesforce/label/c.CardCheckRunAs';
import nothingSaved from '@salesforce/label/c.CardCheckNothingSaved';
import nothingToFix from '@salesforce/label/c.CardCheckNothingToFix';
import errors from '@salesforce/label/c.CardCheckErrors';
import warnings from '@salesforce/label/c.CardCheckWarnings';
import info from '@salesforce/label/c.CardCheckInfo';
import fields from '@salesforce/label/c.CardCheckFields';
import stale from '@salesforce/label/c.CardCheckStale';
import kindSave from '@salesforce/label/c.CardCheckKindSave';
import kindDuplicate from '@salesforce/label/c.CardCheckKindDuplicate';
import kindMapping from '@salesforce/label/c.CardCheckKindMapping';
import kindOwner from '@salesforce/label/c.CardCheckKindOwner';
import kindAccess from '@salesforce/label/c.CardCheckKindAccess';
import kindRelated from '@salesforce/label/c.CardCheckKindRelated';

export default {
  button,
  hint,
  tryWith,
  sampleOption,
  samplesError,
  running,
  failedTitle,
  leadCreatedOwner,
  leadCreated,
  contactCreatedOwner,
  contactCreated,
  leadUpdated,
  contactUpdated,
  leadUpdatedOwner,
  contactUpdatedOwner,
  leadRepeat,
  leadRepeatOwner,
  contactRepeat,
  contactRepeatOwner,
  processingError,
  assignedOwner,
  runsAs,
  needsPermission,
  duplicate,
  refused,
  failed,
  skipped,
  other,
  runAs,
  nothingSaved,
  nothingToFix,
  errors,
  warnings,
  info,
  fields,
  stale,
  kindSave,
  kindDuplicate,
  kindMapping,
  kindOwner,
  kindAccess,
  kindRelated
};
