/**
 * CardConsentPlan.of in the preview: what an exchange's consent becomes where the org keeps consent (an Email
 * ContactPointTypeConsent), following the facts read out of CardConsentPlan.cls (source/person-facts.ts) over the
 * exchange's source values; available when the preview's org has Data Protection and Privacy on.
 */
import { labelText, type PreviewOrg } from './preview-org';
import { SAMPLE_EXCHANGE, sourceValue } from './sample-exchange';

/** CardConsentPlan as the controllers return it. */
export interface ConsentPlan {
  available: boolean;
  objectName: string;
  contactPointType: string;
  status: string;
  capturedAt: string;
  captureContactPointType: string;
  captureSource: string;
  warning: string | null;
}

const isBlank = (value: unknown): boolean => value === null || value === undefined || String(value).trim() === '';

// An Apex Datetime reaches the component as ISO 8601 with milliseconds.
function asApexDatetime(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

/** @returns the consent an exchange (the sample unless told) captured, or null when it captured no answer */
export function consentPlanOf(org: PreviewOrg, data: unknown = SAMPLE_EXCHANGE): ConsentPlan | null {
  const facts = org.person.consent;
  const capturedAt = sourceValue(facts.capturedAtPath, data);
  if (isBlank(capturedAt)) {
    return null;
  }
  const parts = [labelText(org, facts.sourceLabel, 'CardConsentPlan')];
  for (const path of facts.sourcePaths) {
    const value = sourceValue(path, data);
    if (!isBlank(value)) {
      parts.push(String(value));
    }
  }
  const text = sourceValue(facts.textPath, data);
  if (!isBlank(text)) {
    parts.push(`${facts.textQuotes[0]}${String(text)}${facts.textQuotes[1]}`);
  }
  const whole = parts.join(facts.separator);
  return {
    available: org.description.dataProtectionAndPrivacy,
    objectName: facts.objectName,
    contactPointType: facts.contactPointType,
    status: sourceValue(facts.marketingPath, data) === true ? facts.optIn : facts.optOut,
    capturedAt: asApexDatetime(String(capturedAt)),
    captureContactPointType: facts.captureContactPointType,
    captureSource: whole.slice(0, facts.sourceLength),
    warning: whole.length > facts.sourceLength ? labelText(org, facts.cutLabel, 'CardConsentPlan') : null
  };
}
