/**
 * Preview stand-in for `lightning-record-picker`, which lightning-base-components does not ship (it needs the
 * platform's GraphQL record search). Renders the SLDS lookup markup the real one shows and searches the preview
 * backend's sample records; fires `change` with `{ recordId }` like the real component, and shows a custom
 * validity message (setCustomValidity, then reportValidity) as the real one does.
 */
import { LightningElement, api } from 'lwc';

let nextId = 0;

export default class RecordPicker extends LightningElement {
  @api label;
  @api objectApiName;
  @api placeholder;
  @api disabled = false;
  @api required = false;
  @api variant;
  @api filter;
  @api displayInfo;
  @api matchingInfo;
  @api fieldLevelHelp;

  inputId = `preview-record-picker-${++nextId}`;
  listboxId = `preview-record-picker-list-${nextId}`;
  searchTerm = '';
  /** Numbers each search, so only the latest one's answer is shown. */
  searchSeq = 0;
  results = [];
  open = false;
  selectedName;
  activeIndex = -1;
  invalid = false;
  customValidity = '';
  _value;

  @api
  get value() {
    return this._value;
  }
  set value(recordId) {
    this._value = recordId || null;
    if (this._value && !this.selectedName) {
      this.lookupName(this._value);
    }
    if (!this._value) {
      this.selectedName = undefined;
    }
  }

  @api checkValidity() {
    return !this.customValidity && !(this.required && !this._value);
  }

  @api setCustomValidity(message) {
    this.customValidity = message || '';
    if (!this.customValidity && this.invalid) {
      this.invalid = !this.checkValidity();
    }
  }

  @api reportValidity() {
    this.invalid = !this.checkValidity();
    return !this.invalid;
  }

  @api focus() {
    const input = this.template.querySelector('input');
    if (input) {
      input.focus();
    }
  }

  @api blur() {
    const input = this.template.querySelector('input');
    if (input) {
      input.blur();
    }
  }

  get hasSelection() {
    return Boolean(this._value);
  }

  get labelClass() {
    return this.variant === 'label-hidden'
      ? 'slds-form-element__label slds-assistive-text'
      : 'slds-form-element__label';
  }

  get formElementClass() {
    return this.invalid ? 'slds-form-element slds-has-error' : 'slds-form-element';
  }

  get comboboxClass() {
    return `slds-combobox slds-dropdown-trigger slds-dropdown-trigger_click${this.open ? ' slds-is-open' : ''}`;
  }

  get expanded() {
    return this.open ? 'true' : 'false';
  }

  get placeholderText() {
    return this.placeholder || `Search ${this.objectApiName || 'records'}...`;
  }

  get options() {
    return this.results.map((record, index) => ({
      ...record,
      optionId: `${this.listboxId}-${index}`,
      className: `slds-media slds-listbox__option slds-listbox__option_entity${index === this.activeIndex ? ' slds-has-focus' : ''}`,
      selected: index === this.activeIndex ? 'true' : 'false'
    }));
  }

  get activeDescendant() {
    return this.activeIndex >= 0 ? `${this.listboxId}-${this.activeIndex}` : undefined;
  }

  get noResults() {
    return this.open && this.results.length === 0;
  }

  get errorMessage() {
    if (!this.invalid) {
      return '';
    }
    return this.customValidity || 'Complete this field.';
  }

  async search(term) {
    const response = await fetch('/preview/records/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ objectApiName: this.objectApiName, term })
    });
    return response.ok ? response.json() : [];
  }

  async lookupName(recordId) {
    const records = await this.search('');
    const match = records.find((record) => record.id === recordId);
    this.selectedName = match ? match.name : recordId;
  }

  /** Searches as the user types; an answer that a later search overtook is dropped, as the real picker does. */
  async latestSearch(term) {
    this.searchSeq += 1;
    const seq = this.searchSeq;
    const results = await this.search(term);
    return seq === this.searchSeq ? results : null;
  }

  async handleInput(event) {
    this.searchTerm = event.target.value;
    const results = await this.latestSearch(this.searchTerm);
    if (!results) {
      return;
    }
    this.results = results;
    this.activeIndex = this.results.length > 0 ? 0 : -1;
    this.open = true;
  }

  async handleFocus() {
    if (!this.hasSelection && !this.open) {
      const results = await this.latestSearch(this.searchTerm);
      if (!results) {
        return;
      }
      this.results = results;
      this.activeIndex = -1;
      this.open = true;
    }
  }

  handleBlur() {
    // Let a click on an option land before the list closes.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    setTimeout(() => {
      this.open = false;
    }, 200);
  }

  handleKeydown(event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (this.results.length > 0) {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.activeIndex = (this.activeIndex + step + this.results.length) % this.results.length;
        this.open = true;
      }
    } else if (event.key === 'Enter' && this.open && this.activeIndex >= 0) {
      event.preventDefault();
      this.select(this.results[this.activeIndex]);
    } else if (event.key === 'Escape') {
      this.open = false;
    }
  }

  handleOptionClick(event) {
    const record = this.results.find((candidate) => candidate.id === event.currentTarget.dataset.recordId);
    this.select(record);
  }

  handleClear() {
    this._value = null;
    this.selectedName = undefined;
    this.searchTerm = '';
    this.dispatchEvent(new CustomEvent('change', { detail: { recordId: null } }));
  }

  select(record) {
    if (!record) {
      return;
    }
    this._value = record.id;
    this.selectedName = record.name;
    this.open = false;
    this.invalid = false;
    this.dispatchEvent(new CustomEvent('change', { detail: { recordId: record.id } }));
  }
}
