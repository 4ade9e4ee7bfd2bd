/** The console's languages and the dictionary for each; a visitor picks one with `?lang=`. */
import { en, type Messages } from './messages-en';
import { fr } from './messages-fr';

export type Language = 'en' | 'fr';
export type { Messages };

const DICTIONARIES: Record<Language, Messages> = { en, fr };

export const LANGUAGES = Object.keys(DICTIONARIES) as Language[];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as string[]).includes(value);
}

export function messagesFor(language: Language): Messages {
  return DICTIONARIES[language];
}

/** The first supported language the browser asks for, else English. */
export function languageFromHeader(acceptLanguage: string | undefined): Language {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (isLanguage(code)) return code;
  }
  return 'en';
}
