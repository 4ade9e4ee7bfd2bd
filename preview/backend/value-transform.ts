/**
 * CardValueTransform.apply in the preview: the text transforms of a mapping row (Transform__c). Values that are
 * not text pass through, as in Apex; PicklistMatch is applied by the field rules, which know the picklist.
 * test/e2e/preview checks that these names are the `when` branches of CardValueTransform.cls.
 */
import type { SourceValue } from './sample-exchange';

// Apex's String.trim() removes the characters up to U+0020, like Java's; normalizeSpace() collapses whitespace.
function trim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) {
    start += 1;
  }
  while (end > start && text.charCodeAt(end - 1) <= 0x20) {
    end -= 1;
  }
  return text.slice(start, end);
}
const normalizeSpace = (text: string): string => text.trim().replace(/\s+/g, ' ');

function titleCase(text: string): string {
  return normalizeSpace(text)
    .split(' ')
    .map((word) => (word.length <= 1 ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()))
    .join(' ');
}

const TRANSFORMS: Record<string, (text: string) => string> = {
  Trim: trim,
  Upper: (text) => text.toUpperCase(),
  Lower: (text) => text.toLowerCase(),
  TitleCase: titleCase,
  FirstNameOfFull: (text) => {
    const words = normalizeSpace(text);
    return words.includes(' ') ? words.slice(0, words.indexOf(' ')) : words;
  },
  LastNameOfFull: (text) => {
    const words = normalizeSpace(text);
    return words.includes(' ') ? words.slice(words.lastIndexOf(' ') + 1) : words;
  }
};

/** The transform names the preview applies (the others, None and PicklistMatch included, leave text alone). */
export const PREVIEW_TRANSFORMS = Object.keys(TRANSFORMS);

export function applyTransform(transform: string | null | undefined, value: SourceValue): SourceValue {
  if (typeof value !== 'string' || !transform || !transform.trim()) {
    return value;
  }
  return (TRANSFORMS[transform] ?? ((text: string) => text))(value);
}
