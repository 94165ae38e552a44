import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Login } from './screens/Login';
import { Setup } from './screens/Setup';
import { Shell } from './shell/Shell';
import { useStore } from './store';
import { HealthGate } from './screens/HealthGate';
import { CenterMissing } from './features/center/CenterMissing';

export function App() {
  return (
    <HealthGate>
      <Screens />
    </HealthGate>
  );
}

function Screens() {
  const { t } = useTranslation();
  const setupRequired = useStore((s) => s.session.setupRequired);
  const centerRequired = useStore((s) => s.session.centerRequired);
  const statusError = useStore((s) => s.session.statusError);
  const me = useStore((s) => s.session.me);
  const token = useStore((s) => s.session.token);
  const loadStatus = useStore((s) => s.session.loadStatus);

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  if (token && me) return centerRequired && me.role === 'coordinator' ? <CenterMissing /> : <Shell me={me} />;
  if (setupRequired === null) {
    return (
      <main className="gate">
        <div className="card gate-card" role={statusError ? 'alert' : 'status'}>
          <p className="brand">{t('app.name')}</p>
          {statusError ? (
            <>
              <p>{t('app.unreachable')}</p>
              <button type="button" className="btn btn-primary" onClick={() => void loadStatus()}>
                {t('app.retry')}
              </button>
            </>
          ) : (
            <p>{t('app.loading')}</p>
          )}
        </div>
      </main>
    );
  }
  return setupRequired ? <Setup /> : <Login />;
}
