import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errors';
import { LanguageSelect } from '../shell/LanguageSelect';
import { useStore } from '../store';

/** Choose your name, type your PIN, Enter. */
export function Login() {
  const { t } = useTranslation();
  const staff = useStore((s) => s.session.staff);
  const locale = useStore((s) => s.session.locale);
  const ended = useStore((s) => s.session.ended);
  const login = useStore((s) => s.session.login);
  const loadStatus = useStore((s) => s.session.loadStatus);
  const [chosen, setChosen] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  // Bumped whenever the PIN field should take focus. Focusing in a layout effect (right after the
  // field is enabled, before the browser handles the next key) rather than in a later animation
  // frame means digits typed straight after choosing a name are never lost.
  const [focusPin, setFocusPin] = useState(0);
  const person = staff.find((s) => s.id === chosen) ?? null;

  useLayoutEffect(() => {
    if (focusPin > 0) pinRef.current?.focus();
  }, [focusPin]);

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  const choose = (id: string) => {
    setChosen(id);
    setPin('');
    setProblem(null);
    setFocusPin((n) => n + 1);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!person) return setProblem(t('login.pickFirst'));
    if (!pin) return pinRef.current?.focus();
    setBusy(true);
    const err = await login(person.id, pin);
    setBusy(false);
    if (err) {
      setPin('');
      setProblem(errorText(t, err, locale));
      setFocusPin((n) => n + 1);
    }
  };

  return (
    <main className="gate">
      <div className="card gate-card gate-wide">
        <div className="gate-top">
          <p className="brand">{t('app.name')}</p>
          <LanguageSelect />
        </div>
        <h1>{t('login.title')}</h1>
        {ended && (
          <p className="notice" role="status">
            {t(ended === 'idle' ? 'login.idle' : 'login.expired')}
          </p>
        )}
        <div className="login-grid">
          <fieldset className="name-list">
            <legend>{t('login.chooseName')}</legend>
            {staff.length === 0 && <p>{t('login.noStaff')}</p>}
            <ul>
              {staff.map((s) => (
                <li key={s.id}>
                  <button type="button" className="name-choice" aria-pressed={s.id === chosen} onClick={() => choose(s.id)}>
                    <span className="name">{s.displayName}</span>
                    <span className="muted">{t(`role.${s.role}`)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </fieldset>
          <form className="pin-form" onSubmit={submit} noValidate>
            <label className="field">
              <span>{person ? t('login.pinFor', { name: person.displayName }) : t('login.pin')}</span>
              <input
                ref={pinRef}
                type="password"
                inputMode="numeric"
                autoComplete="off"
                maxLength={12}
                value={pin}
                disabled={!person}
                onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? 'login-problem' : undefined}
              />
            </label>
            {problem && (
              <p id="login-problem" className="error" role="alert">
                {problem}
              </p>
            )}
            <button type="submit" className="btn btn-primary btn-block" disabled={busy || !person}>
              {t('login.submit')}
            </button>
            {!person && <p className="hint">{t('login.pickFirst')}</p>}
          </form>
        </div>
      </div>
    </main>
  );
}
