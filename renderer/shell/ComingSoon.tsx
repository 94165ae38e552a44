import { useTranslation } from 'react-i18next';

/** The placeholder of a section whose feature is not built yet. */
export function ComingSoon({ labelKey }: { labelKey: string }) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="section-title">
      <h1 id="section-title" tabIndex={-1}>
        {t(labelKey)}
      </h1>
      <div className="notice" role="status">
        <p className="notice-title">{t('section.soon')}</p>
        <p>{t('section.soonHint')}</p>
      </div>
    </section>
  );
}
