/**
 * Preview stand-in for `lightning/confirm`: `LightningConfirm.open(...)` shows an SLDS prompt with Cancel and
 * OK and resolves true or false, as on the platform.
 */
import { openModal } from './modal-dialog';

export default class LightningConfirm {
  static open({ label, message, theme, variant } = {}) {
    return openModal({
      label: variant === 'headerless' ? '' : label || 'Confirm',
      message,
      theme: theme || 'default',
      buttons: [
        { label: 'Cancel', value: false },
        { label: 'OK', value: true, brand: true }
      ],
      cancelValue: false
    });
  }
}
