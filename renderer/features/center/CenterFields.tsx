import { useTranslation } from 'react-i18next';

/** The FHIR id rule the server applies (R4 id: letters, digits, - and ., at most 64). */
export const LOCATION_RE = /^[A-Za-z0-9\-.]{1,64}$/;

/** Checks the two fields as the server will; returns the i18n key of the problem, if any. */
export function centerProblem(name: string, locationId: string): string | null {
  if (!name.trim()) return 'firstRun.nameMissing';
  if (locationId.trim() && !LOCATION_RE.test(locationId.trim())) return 'firstRun.badLocation';
  return null;
}

/** Name and Location id of the center, as the first-run screen and Staff → Center ask for them. */
export function CenterFields(p: { name: string; locationId: string; onName(v: string): void; onLocation(v: string): void; optional: boolean; autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="field">
        <span>{t('firstRun.centerName')}</span>
        <input data-testid="center-name" value={p.name} onChange={(e) => p.onName(e.target.value)} maxLength={120} autoFocus={p.autoFocus} required aria-describedby="center-name-hint" />
      </label>
      <p id="center-name-hint" className="hint">
        {t('firstRun.centerNameHint')}
      </p>
      <label className="field">
        <span>{p.optional ? t('firstRun.locationId') : t('center.locationId')}</span>
        <input
          data-testid="center-location"
          value={p.locationId}
          onChange={(e) => p.onLocation(e.target.value.trim())}
          maxLength={64}
          spellCheck={false}
          autoComplete="off"
          aria-describedby="center-location-hint"
        />
      </label>
      <p id="center-location-hint" className="hint">
        {t('firstRun.locationHint')}
      </p>
    </>
  );
}
