/**
 * Shows one or more errors (Apex, wire, JavaScript) as a readable SLDS alert; renders nothing without errors.
 */
import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/cardErrors';
import ERROR_TITLE from '@salesforce/label/c.CardErrorTitle';
import ERROR_UNKNOWN from '@salesforce/label/c.CardErrorUnknown';

export default class CardErrorPanel extends LightningElement {
  /** One error or a list of errors as thrown by Apex or a wire adapter. */
  @api errors;
  /** Heading above the messages; defaults to a generic one. */
  @api friendlyMessage;

  get hasErrors() {
    return Array.isArray(this.errors) ? this.errors.some(Boolean) : Boolean(this.errors);
  }

  get title() {
    return this.friendlyMessage || ERROR_TITLE;
  }

  get messages() {
    const messages = reduceErrors(this.errors);
    return messages.length > 0 ? messages : [ERROR_UNKNOWN];
  }
}
