/**
 * The setup assistant's data retention settings: how many days received exchanges and their logs are kept, and
 * whether the nightly clean-up deletes them after that; saved with saveRetention. Read-only for users without the
 * Manage Cardbridge setup permission. Tells its page what it saved, so the page refreshes.
 */
import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import saveRetention from '@salesforce/apex/CardSetupAssistantController.saveRetention';
import { reduceErrors } from 'c/cardErrors';
import { formatDateTime, formatLabel } from 'c/cardFormat';
import LABELS from './labels';

// CardSettingsStore.MIN_RETENTION_DAYS and MAX_RETENTION_DAYS: the server refuses anything else with the same label.
export const MIN_DAYS = 1;
export const MAX_DAYS = 3650;

function isValidDays(value) {
  const text = value === null || value === undefined ? '' : String(value).trim();
  const days = Number(text);
  return text !== '' && Number.isInteger(days) && days >= MIN_DAYS && days <= MAX_DAYS;
}

export default class CardRetentionSettings extends LightningElement {
  labels = LABELS;
  minDays = MIN_DAYS;
  maxDays = MAX_DAYS;
  /** Whether the user holds the Manage Cardbridge setup custom permission. */
  @api canManage = false;
  days;
  cleanUp = false;
  nextRunAt;
  lastRun;
  saving = false;
  edited = false;

  /** SetupState.retention: { days, cleanUpScheduled, nextRunAt, lastRunAt, lastRunDeleted, lastRunFailures }. */
  @api
  get retention() {
    return this._retention;
  }
  set retention(value) {
    this._retention = value;
    // A refresh must not throw away what the admin is typing.
    if (value && !this.edited) {
      this.show(value);
    }
  }

  get readOnly() {
    return !this.canManage;
  }

  get nextRunText() {
    return this.nextRunAt ? formatLabel(LABELS.nextRun, formatDateTime(this.nextRunAt)) : LABELS.notScheduled;
  }

  /** What the clean-up did last time; nothing before its first run. */
  get lastRunText() {
    return this.lastRun ? formatLabel(LABELS.lastRun, formatDateTime(this.lastRun.at), this.lastRun.deleted) : '';
  }

  get lastRunFailuresText() {
    return this.lastRun && this.lastRun.failures > 0 ? formatLabel(LABELS.lastRunFailures, this.lastRun.failures) : '';
  }

  show(state) {
    this.days = state.days;
    this.cleanUp = state.cleanUpScheduled === true;
    this.nextRunAt = state.cleanUpScheduled ? state.nextRunAt : null;
    this.lastRun = state.lastRunAt
      ? { at: state.lastRunAt, deleted: state.lastRunDeleted || 0, failures: state.lastRunFailures || 0 }
      : undefined;
  }

  get daysInput() {
    return this.template.querySelector('[data-id="retention-days"]');
  }

  handleDaysChange(event) {
    this.days = event.detail.value;
    this.edited = true;
    this.daysInput.setCustomValidity('');
  }

  handleCleanUpChange(event) {
    this.cleanUp = event.detail.checked;
    this.edited = true;
  }

  async handleSave() {
    const input = this.daysInput;
    if (!isValidDays(this.days)) {
      input.setCustomValidity(LABELS.daysInvalid);
      input.reportValidity();
      return;
    }
    input.setCustomValidity('');
    this.saving = true;
    try {
      const saved = await saveRetention({ days: Number(this.days), cleanUp: this.cleanUp });
      this.edited = false;
      this.show(saved);
      this.toast(LABELS.saved, this.nextRunText, 'success');
      this.dispatchEvent(new CustomEvent('saved', { detail: saved }));
    } catch (error) {
      this.toast(LABELS.saveFailed, reduceErrors(error).join(' '), 'error');
    } finally {
      this.saving = false;
    }
  }

  toast(title, message, variant) {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
