/** Preview stand-in for `lightning/alert`: `LightningAlert.open(...)` shows an SLDS prompt with OK. */
import { openModal } from './modal-dialog';

export default class LightningAlert {
  static open({ label, message, theme } = {}) {
    return openModal({
      label: label || 'Alert',
      message,
      theme: theme || 'default',
      buttons: [{ label: 'OK', value: undefined, brand: true }],
      cancelValue: undefined
    });
  }
}
