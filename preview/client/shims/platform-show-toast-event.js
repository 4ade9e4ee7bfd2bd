/**
 * Preview stand-in for `lightning/platformShowToastEvent`: the same event the platform listens for; the
 * preview shell catches it and draws an SLDS toast.
 */
export const SHOW_TOAST_EVENT_NAME = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super(SHOW_TOAST_EVENT_NAME, { bubbles: true, composed: true, cancelable: true, detail: toast || {} });
  }
}
