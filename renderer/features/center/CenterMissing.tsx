import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorText } from '../../i18n/errors';
import { useStore } from '../../store';
import { CenterFields, centerProblem } from './CenterFields';

/**
 * A data folder with staff but no center (set up before centers existed): the coordinator who
 * logs in gives the center before anything else, since without it nothing can sync.
 */
export function CenterMissing() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const done = useStore((s) => s.session.centerCreated);
  const logout = useStore((s) => s.session.logout);
  const [name, setName] = useState('');
  const [locationId, setLocationId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = centerProblem(name, locationId);
    if (p) return setProblem(t(p));
    setBusy(true);
    const r = await api['center.update']({ name: name.trim(), locationId: locationId.trim() || null });
    setBusy(false);
    if (!r.ok) return setProblem(errorText(t, r.error, locale));
    done();
  };

  return (
    <main className="gate">
      <form className="card gate-card" onSubmit={submit} noValidate aria-labelledby="center-missing-title">
        <p className="brand">{t('app.name')}</p>
        <h1 id="center-missing-title">{t('firstRun.missingTitle')}</h1>
        <p>{t('firstRun.missingIntro')}</p>
        <CenterFields name={name} locationId={locationId} onName={setName} onLocation={setLocationId} optional autoFocus />
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" data-testid="center-save" disabled={busy}>
          {t('firstRun.save')}
        </button>
        <button type="button" className="btn btn-block" onClick={() => void logout()}>
          {t('header.logout')}
        </button>
      </form>
    </main>
  );
}
