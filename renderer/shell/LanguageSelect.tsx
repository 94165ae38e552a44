import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, isLocale } from '../i18n';
import { useStore } from '../store';

/** Language choice; once logged in it is saved for the staff member (session.setLocale). */
export function LanguageSelect() {
  const { t } = useTranslation();
  const id = useId();
  const locale = useStore((s) => s.session.locale);
  const setLocale = useStore((s) => s.session.setLocale);
  return (
    <span className="lang-select">
      <label htmlFor={id}>{t('header.language')}</label>
      <select id={id} value={locale} onChange={(e) => isLocale(e.target.value) && void setLocale(e.target.value)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
