/**
 * The integration editor: settings of one trigger / use-case pair (holding exchanges for review and what happens when
 * the person already exists included), its card filter, its field mapping rows (validated inline against the target
 * object's describe), a live preview of the sample exchange mapped by the package's own engine with the consent it
 * would record, the check against the org (c-card-org-check, for users with the Manage Cardbridge setup permission),
 * and save with each error shown next to its field.
 */
import { LightningElement, api, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { refreshApex } from '@salesforce/apex';
import getIntegration from '@salesforce/apex/CardIntegrationEditorController.getIntegration';
import getTargetFields from '@salesforce/apex/CardIntegrationEditorController.getTargetFields';
import getSourcePaths from '@salesforce/apex/CardIntegrationEditorController.getSourcePaths';
import getDefaultRows from '@salesforce/apex/CardIntegrationEditorController.getDefaultRows';
import getDefaultRepeatPolicy from '@salesforce/apex/CardIntegrationEditorController.getDefaultRepeatPolicy';
import getSetupPermission from '@salesforce/apex/CardIntegrationEditorController.getSetupPermission';
import previewMapping from '@salesforce/apex/CardIntegrationEditorController.previewMapping';
import saveIntegration from '@salesforce/apex/CardIntegrationEditorController.save';
import { reduceErrors } from 'c/cardErrors';
import { fromFieldError, messageFor, summaryLines, withoutError } from './editorErrors';
import { blankRow, fromDto, rowViews, toDto, validateRows, SOURCE_CUSTOM, SOURCE_CONSTANT } from './mappingRows';
import { consentView } from './previewConsent';
import {
  ACCOUNT_STRATEGY_OPTIONS,
  CONTACT_USE_CASES,
  DUPLICATE_POLICY_OPTIONS,
  OWNER_STRATEGY_OPTIONS,
  TRANSFORM_OPTIONS,
  TRIGGER_OPTIONS,
  USE_CASE_OPTIONS,
  defaultOwnerLabel,
  defaultRepeatPolicyFor,
  effectiveRepeatPolicy,
  newIntegration,
  pillsOf,
  repeatPolicyOptions,
  validateIntegration,
  withItems,
  withoutItem
} from './integrationSettings';
import LABELS from './labels';

// The preview follows the edits once typing pauses; one Apex call per pause, not per keystroke.
export const PREVIEW_DELAY_MS = 600;
export default class CardIntegrationEditor extends LightningElement {
  labels = LABELS;
  triggerOptions = TRIGGER_OPTIONS;
  useCaseOptions = USE_CASE_OPTIONS;
  accountStrategyOptions = ACCOUNT_STRATEGY_OPTIONS;
  ownerStrategyOptions = OWNER_STRATEGY_OPTIONS;
  duplicatePolicyOptions = DUPLICATE_POLICY_OPTIONS;
  transformOptions = TRANSFORM_OPTIONS;
  integration = newIntegration();
  rows = [];
  targetFields = [];
  sourcePaths = [];
  loadError;
  errors = [];
  preview;
  previewError;
  previewing = false;
  saving = false;
  newCardId = '';
  newTag = '';
  previewTimer;
  // getDefaultRepeatPolicy's answer with the use case it answered for.
  wiredRepeatDefault;
  // Whether the user may check against the org: the loaded integration's canManageSetup, else getSetupPermission.
  integrationCanManageSetup;
  setupPermission;
  // Whether the form holds the record being edited: false from a recordId until its detail arrives.
  integrationLoaded = false;
  // getIntegration's failure, apart from the other wires' (loadError): only it means the record is not on screen.
  integrationError;
  // getIntegration's wired result, refreshed when a record opens and after a save (the answer is cached on the client).
  wiredIntegrationResult;
  // The record whose detail was last asked of the server on opening.
  askedServerFor;
  _recordId;
  previewColumns = [
    { label: LABELS.columnTarget, fieldName: 'targetField' },
    { label: LABELS.columnSource, fieldName: 'sourcePath' },
    { label: LABELS.columnValue, fieldName: 'value', wrapText: true },
    { label: LABELS.columnWarning, fieldName: 'problem', wrapText: true }
  ];

  @api
  get recordId() {
    return this._recordId;
  }
  set recordId(value) {
    if (value !== this._recordId) {
      // The integration just saved is already on screen; any other record waits for its detail, and
      // what was shown of the previous one (its load error, problems, preview) goes.
      this.integrationLoaded = Boolean(value) && value === this.integration.id;
      if (!this.integrationLoaded) {
        this.integrationError = undefined;
        this.errors = [];
        this.preview = undefined;
        this.previewError = undefined;
      }
    }
    this._recordId = value;
    if (!value) {
      this.integration = newIntegration();
      this.rows = [];
    }
  }

  @wire(getIntegration, { integrationId: '$recordId' })
  wiredIntegration(result) {
    this.wiredIntegrationResult = result;
    const { data, error } = result;
    if (data) {
      if (this.integrationLoaded) {
        this.showDetail(data);
      } else if (this.askedServerFor !== this.recordId) {
        this.askedServerFor = this.recordId;
        this.showFreshDetail(result);
      }
    } else if (error) {
      this.integrationError = error;
    }
  }

  /**
   * The first answer for a record may be the client cache's, from before a change made elsewhere (the list's
   * Activate or Deactivate): the server is asked once before the form shows, or a save would write the old values
   * back. Offline, the cached detail is what there is.
   */
  async showFreshDetail(first) {
    const recordId = this.recordId;
    await this.refreshDetail(first);
    const latest = this.wiredIntegrationResult;
    if (this.recordId === recordId && !this.integrationLoaded && latest && latest.data) {
      this.showDetail(latest.data);
    }
  }

  showDetail(data) {
    this.integration = { ...newIntegration(), ...data.integration };
    this.rows = (data.rows || []).map(fromDto);
    this.integrationCanManageSetup = data.canManageSetup === true;
    this.integrationLoaded = true;
    this.integrationError = undefined;
    this.schedulePreview();
  }

  @wire(getTargetFields, { useCase: '$useCase' })
  wiredTargetFields({ data, error }) {
    if (data) {
      this.targetFields = data;
    } else if (error) {
      this.loadError = error;
    }
  }

  @wire(getDefaultRepeatPolicy, { useCase: '$useCase' })
  wiredDefaultRepeatPolicy({ data, error }) {
    if (data) {
      this.wiredRepeatDefault = { useCase: this.useCase, policy: data };
    } else if (error) {
      this.loadError = error;
    }
  }

  @wire(getSetupPermission)
  wiredSetupPermission({ data, error }) {
    if (error) {
      this.loadError = error;
    } else if (data !== undefined) {
      this.setupPermission = data === true;
    }
  }

  @wire(getSourcePaths)
  wiredSourcePaths({ data, error }) {
    if (data) {
      this.sourcePaths = data;
    } else if (error) {
      this.loadError = error;
    }
  }

  connectedCallback() {
    if (!this.recordId) {
      this.schedulePreview();
    }
  }

  disconnectedCallback() {
    clearTimeout(this.previewTimer);
  }

  renderedCallback() {
    // Base components show a custom validity message next to the field and announce it.
    this.template.querySelectorAll('[data-field]').forEach((input) => {
      const message = this.errorFor(input.dataset.rowIndex, input.dataset.field);
      if (typeof input.setCustomValidity === 'function') {
        input.setCustomValidity(message || '');
        if (message) {
          input.reportValidity();
        }
      }
    });
  }

  get useCase() {
    return this.integration.useCase;
  }

  /**
   * The form shows a new integration at once and an existing one once its detail has arrived: until
   * then it would show a new integration's defaults, which a save would write over the record.
   */
  get showForm() {
    return !this.recordId || this.integrationLoaded;
  }

  get loading() {
    return !this.showForm && !this.integrationError;
  }

  /** What the error panel shows: the integration's own load failure first, else another wire's. */
  get panelErrors() {
    return this.integrationError || this.loadError;
  }

  get saveDisabled() {
    return this.saving || !this.showForm;
  }

  get title() {
    return this.recordId ? LABELS.titleEdit : LABELS.titleNew;
  }

  get isContactUseCase() {
    return CONTACT_USE_CASES.includes(this.integration.useCase);
  }

  get isLeadUseCase() {
    return !this.isContactUseCase;
  }

  get defaultOwnerLabel() {
    return defaultOwnerLabel(this.integration);
  }

  get repeatDefault() {
    return defaultRepeatPolicyFor(this.wiredRepeatDefault, this.integration.useCase);
  }

  get repeatPolicyOptions() {
    return repeatPolicyOptions(this.repeatDefault);
  }

  /** The policy that applies: the admin's choice, else the use case's default, selected as such. */
  get repeatPolicyValue() {
    return effectiveRepeatPolicy(this.integration, this.repeatDefault);
  }

  /** True or false once known (undefined until then): an integration's detail says it, a new one asks. */
  get canManageSetup() {
    return this.recordId ? this.integrationCanManageSetup : this.setupPermission;
  }

  get setupPermissionKnown() {
    return typeof this.canManageSetup === 'boolean';
  }

  get repeatFollowsDefault() {
    return !this.integration.repeatPolicy;
  }

  get cardIdPills() {
    return pillsOf(this.integration.cardIds);
  }

  get tagPills() {
    return pillsOf(this.integration.cardTags);
  }

  get hasCardFilter() {
    return this.cardIdPills.length > 0 || this.tagPills.length > 0;
  }

  get showAllCardsHint() {
    return !this.hasCardFilter;
  }

  get taskDueDisabled() {
    return !this.integration.createFollowUpTask;
  }

  get sourceOptions() {
    return [
      ...this.sourcePaths.map((path) => ({ label: path, value: path })),
      { label: LABELS.sourceCustom, value: SOURCE_CUSTOM },
      { label: LABELS.sourceConstant, value: SOURCE_CONSTANT }
    ];
  }

  get targetOptions() {
    return this.targetFields.map((field) => ({ label: `${field.label} (${field.apiName})`, value: field.apiName }));
  }

  get hasRows() {
    return this.rows.length > 0;
  }

  get rowViews() {
    return rowViews(this.rows, this.targetFields, LABELS);
  }

  get hasErrors() {
    return this.errors.length > 0;
  }

  get errorSummary() {
    return LABELS.errorSummary.replace('{0}', this.errors.length);
  }

  get errorList() {
    return summaryLines(this.errors, LABELS.rowLabel);
  }

  /** The rows as the check against the org takes them (MappingRowInput). */
  get checkRows() {
    return this.rows.map(toDto);
  }

  get previewLines() {
    return ((this.preview && this.preview.lines) || []).map((line, index) => ({
      ...line,
      key: `${index}`,
      problem: line.error || line.warning
    }));
  }

  get hasPreviewLines() {
    return this.previewLines.length > 0;
  }

  get consent() {
    return consentView(this.preview && this.preview.consent);
  }

  errorFor(rowIndex, field) {
    return messageFor(this.errors, rowIndex, field);
  }

  handleFieldChange(event) {
    const field = event.target.dataset.field;
    const type = event.target.type;
    let value = type === 'checkbox' || type === 'toggle' ? event.target.checked : event.detail.value;
    if (type === 'number') {
      // Apex expects an Integer; the input gives text.
      value = value === '' || value === null || value === undefined ? null : parseInt(value, 10);
    }
    this.integration = { ...this.integration, [field]: value };
    this.clearError(null, field);
    this.schedulePreview();
  }

  handleRecordPick(event) {
    const field = event.target.dataset.field;
    this.integration = { ...this.integration, [field]: event.detail.recordId || null };
    this.clearError(null, field);
  }

  handleNewCardIdChange(event) {
    this.newCardId = event.detail.value;
  }

  handleNewTagChange(event) {
    this.newTag = event.detail.value;
  }

  handleAddCardId() {
    this.addToList('cardIds', this.newCardId);
    this.newCardId = '';
  }

  handleAddTag() {
    this.addToList('cardTags', this.newTag);
    this.newTag = '';
  }

  handleFilterKeyUp(event) {
    if (event.key === 'Enter') {
      if (event.target.dataset.list === 'cardIds') {
        this.handleAddCardId();
      } else {
        this.handleAddTag();
      }
    }
  }

  handleRemovePill(event) {
    const list = event.target.dataset.list;
    this.integration = { ...this.integration, [list]: withoutItem(this.integration[list], event.detail.item.name) };
    this.schedulePreview();
  }

  addToList(list, value) {
    const merged = withItems(this.integration[list], value);
    if (merged !== (this.integration[list] || '')) {
      this.integration = { ...this.integration, [list]: merged };
      this.schedulePreview();
    }
  }

  handleRowChange(event) {
    const index = Number(event.target.dataset.rowIndex);
    const field = event.target.dataset.field;
    this.rows = this.rows.map((row, i) => (i === index ? { ...row, [field]: event.detail.value } : row));
    this.clearError(index, field);
    this.schedulePreview();
  }

  handleAddRow() {
    this.rows = [...this.rows, blankRow()];
  }

  handleRemoveRow(event) {
    const index = Number(event.target.dataset.rowIndex);
    this.rows = this.rows.filter((row, i) => i !== index);
    this.errors = [];
    this.schedulePreview();
  }

  async handleResetRows() {
    try {
      const defaults = await getDefaultRows({ useCase: this.integration.useCase });
      this.rows = (defaults || []).map(fromDto);
      this.errors = [];
      this.schedulePreview();
    } catch (error) {
      this.toast(LABELS.loadError, reduceErrors(error).join(' '), 'error');
    }
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('cancel'));
  }

  schedulePreview() {
    clearTimeout(this.previewTimer);
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.previewTimer = setTimeout(() => this.runPreview(), PREVIEW_DELAY_MS);
  }

  async runPreview() {
    this.previewing = true;
    try {
      this.preview = await previewMapping({
        integration: this.integration,
        rows: this.rows.map(toDto)
      });
      this.previewError = undefined;
    } catch (error) {
      this.previewError = error;
    } finally {
      this.previewing = false;
    }
  }

  async handleSave() {
    const errors = this.validate();
    this.errors = errors;
    if (errors.length > 0) {
      this.focusErrorSummary();
      return;
    }
    this.saving = true;
    try {
      const result = await saveIntegration({ integration: this.integration, rows: this.rows.map(toDto) });
      if (result.success) {
        this.integration = { ...this.integration, id: result.integrationId };
        await this.refreshSavedDetail();
        this.toast(LABELS.saved, this.integration.name, 'success');
        this.dispatchEvent(new CustomEvent('saved', { detail: { integrationId: result.integrationId } }));
      } else {
        this.errors = result.errors.map((error) => fromFieldError(error, this.rows));
        this.focusErrorSummary();
      }
    } catch (error) {
      this.toast(LABELS.saveFailed, reduceErrors(error).join(' '), 'error');
    } finally {
      this.saving = false;
    }
  }

  /**
   * getIntegration is cacheable: without a refresh, opening this integration again on the same page would show
   * the detail as it was before this save, and a save from there would write it back. A failed refresh does not
   * undo the save; the next load asks the server.
   */
  async refreshSavedDetail() {
    if (this.recordId && this.wiredIntegrationResult) await this.refreshDetail(this.wiredIntegrationResult);
  }

  /** Asks the server for getIntegration's answer again; a failure leaves the cached one (after opening, the save's). */
  async refreshDetail(wiredResult) {
    try {
      await refreshApex(wiredResult);
    } catch {
      // Nothing to tell the admin: what is on screen stands.
    }
  }

  validate() {
    return [...validateIntegration(this.integration), ...validateRows(this.rows, this.targetFields, LABELS)];
  }

  clearError(rowIndex, field) {
    if (this.errors.length > 0) {
      this.errors = withoutError(this.errors, rowIndex, field);
    }
  }

  focusErrorSummary() {
    Promise.resolve().then(() => {
      const summary = this.template.querySelector('[data-id="error-summary"]');
      if (summary) {
        summary.focus();
      }
    });
  }

  toast(title, message, variant) {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
