/**
 * What the mapping preview says about the sample's consent (CardIntegrationEditorController.PreviewResult.consent, a
 * CardConsentPlan): where the org keeps consent, the Email consent the exchange would write; where it does not,
 * that the mapped fields keep it; nothing when the exchange captured no consent.
 */
import { formatDateTime, formatLabel } from 'c/cardFormat';
import LABELS from './labels';

// ContactPointTypeConsent.PrivacyConsentStatus values CardConsentPlan writes.
const STATUS_LABELS = { OptIn: LABELS.consentOptIn, OptOut: LABELS.consentOptOut };

/**
 * @param {object} consent the preview's CardConsentPlan, or null
 * @returns {object|null} what the consent section shows; null when there is no consent to speak of
 */
export function consentView(consent) {
  if (!consent) {
    return null;
  }
  return {
    available: consent.available === true,
    written: formatLabel(LABELS.consentWritten, consent.objectName),
    contactPoint: consent.contactPointType,
    status: STATUS_LABELS[consent.status] || consent.status,
    capturedAt: formatDateTime(consent.capturedAt),
    capturedThrough: consent.captureContactPointType,
    source: consent.captureSource,
    warning: consent.warning
  };
}
