import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../src/api/errors';
import { errorText } from '../i18n/errors';
import { LOCALES, isLocale, type Locale } from '../i18n';
import { useStore } from '../store';
import { CenterFields, centerProblem } from '../features/center/CenterFields';

const PIN_RE = /^\d{4,12}$/;

/**
 * First run on a fresh data folder: step 1 the center (its name, its Location id if known), step 2
 * the first coordinator; both are created together, so a desk never has staff without a center.
 */
export function Setup() {
  const centerRequired = useStore((s) => s.session.centerRequired);
  const [center, setCenter] = useState<{ name: string; locationId: string } | null>(null);
  if (centerRequired && !center) return <CenterStep onNext={setCenter} />;
  return <CoordinatorStep center={center} onBack={centerRequired ? () => setCenter(null) : null} />;
}

function CenterStep({ onNext }: { onNext(c: { name: string; locationId: string }): void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const setLocale = useStore((s) => s.session.setLocale);
  const [name, setName] = useState('');
  const [locationId, setLocationId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = centerProblem(name, locationId);
    if (p) return setProblem(t(p));
    onNext({ name: name.trim(), locationId: locationId.trim() });
  };
  return (
    <main className="gate">
      <form className="card gate-card" onSubmit={submit} noValidate aria-labelledby="setup-title" data-testid="first-run-center">
        <p className="brand">{t('app.name')}</p>
        <p className="hint">{t('firstRun.step', { n: 1 })}</p>
        <h1 id="setup-title">{t('firstRun.centerTitle')}</h1>
        <p>{t('firstRun.centerIntro')}</p>
        <label className="field">
          <span>{t('setup.language')}</span>
          <select value={locale} data-testid="setup-language" onChange={(e) => isLocale(e.target.value) && void setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <CenterFields name={name} locationId={locationId} onName={setName} onLocation={setLocationId} optional autoFocus />
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" data-testid="first-run-next">
          {t('firstRun.next')}
        </button>
      </form>
    </main>
  );
}

function CoordinatorStep({ center, onBack }: { center: { name: string; locationId: string } | null; onBack: (() => void) | null }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const setLocale = useStore((s) => s.session.setLocale);
  const setup = useStore((s) => s.session.setup);
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem(t('setup.nameMissing'));
    if (!PIN_RE.test(pin)) return setProblem(t('setup.pinDigits'));
    if (pin !== pin2) return setProblem(t('setup.mismatch'));
    setBusy(true);
    const err: ApiError | null = await setup({
      displayName: name.trim(),
      pin,
      locale,
      ...(center ? { center: { name: center.name, ...(center.locationId ? { locationId: center.locationId } : {}) } } : {}),
    });
    setBusy(false);
    if (err) setProblem(errorText(t, err, locale));
  };

  return (
    <main className="gate">
      <form className="card gate-card" onSubmit={submit} noValidate aria-labelledby="setup-title">
        <p className="brand">{t('app.name')}</p>
        {center && <p className="hint">{t('firstRun.step', { n: 2 })}</p>}
        <h1 id="setup-title">{center ? t('firstRun.coordinatorTitle') : t('setup.title')}</h1>
        {center && <p data-testid="first-run-center-summary">{t('firstRun.centerSummary', { name: center.name })}</p>}
        <p>{t('setup.intro')}</p>
        <label className="field">
          <span>{t('setup.language')}</span>
          <select value={locale} onChange={(e) => isLocale(e.target.value) && void setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('setup.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoComplete="name" autoFocus required />
        </label>
        <div className="field-row">
          <label className="field">
            <span>{t('setup.pin')}</span>
            <input
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              maxLength={12}
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
              aria-describedby="pin-hint"
              required
            />
          </label>
          <label className="field">
            <span>{t('setup.pinRepeat')}</span>
            <input
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              maxLength={12}
              value={pin2}
              onChange={(e) => setPin2(e.target.value.replace(/\D/g, ''))}
              required
            />
          </label>
        </div>
        <p id="pin-hint" className="hint">
          {t('setup.pinHint')}
        </p>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('setup.submit')}
        </button>
        {onBack && (
          <button type="button" className="btn btn-block" onClick={onBack} disabled={busy}>
            {t('firstRun.back')}
          </button>
        )}
      </form>
    </main>
  );
}
