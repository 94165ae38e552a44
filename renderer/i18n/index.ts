import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { ErrorCode } from '../../src/api/errors';
import nl from './nl.json';
import fr from './fr.json';
import en from './en.json';

export const LOCALES = ['nl', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'nl';

// Every API error code has a message in every language, or the renderer does not type-check
// (src/api/errors.ts is the closed list; i18n.test.ts checks the same at run time).
export const ERROR_MESSAGES: Record<Locale, Record<ErrorCode, string>> = { nl: nl.errors, fr: fr.errors, en: en.errors };

export const resources = { nl: { translation: nl }, fr: { translation: fr }, en: { translation: en } } as const;

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  // React escapes on its own; escaping twice would show &amp; in names.
  interpolation: { escapeValue: false },
  returnNull: false,
  initImmediate: false,
  // No console advertising in a desk app (and in the test logs).
  showSupportNotice: false,
});

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x);
}

export function applyLocale(locale: Locale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
