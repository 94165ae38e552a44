import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CenterInfo } from '../../../src/api/contract/center';
import { api } from '../../api';
import { useOnChange } from '../../changes';
import { errorText } from '../../i18n/errors';
import { useStore } from '../../store';
import { CenterFields, centerProblem } from './CenterFields';
import { ConfirmIdChange, idChangeOf, type IdChange } from './ConfirmIdChange';

/** Staff → Center: the coordinator corrects the center's name or Location id (audited on the server). */
export function CenterPanel({ onDone }: { onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const [info, setInfo] = useState<CenterInfo | null>(null);
  const [name, setName] = useState('');
  const [locationId, setLocationId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [change, setChange] = useState<IdChange | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const r = await api['center.get']({});
    if (!r.ok) return;
    setInfo(r.value);
    setName(r.value.center?.name ?? '');
    setLocationId(r.value.center?.id ?? '');
  };
  useEffect(() => {
    void load();
  }, []);
  useOnChange(['settings', 'sync'], () => void load());

  const save = async (confirmIdChange: boolean) => {
    const p = centerProblem(name, locationId);
    if (p) return setProblem(t(p));
    setBusy(true);
    const r = await api['center.update']({ name: name.trim(), locationId: locationId.trim() || null, confirmIdChange });
    setBusy(false);
    const asked = r.ok ? null : idChangeOf(r.error);
    if (asked) return setChange(asked);
    setChange(null);
    if (!r.ok) return setProblem(errorText(t, r.error, locale));
    setProblem(null);
    onDone(t('center.saved'));
    void load();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  const c = info?.center;
  return (
    <form className="panel create-staff" onSubmit={submit} noValidate aria-labelledby="center-title" data-testid="center-panel">
      <h2 id="center-title">{t('center.title')}</h2>
      <CenterFields name={name} locationId={locationId} onName={setName} onLocation={setLocationId} optional={!c?.id} />
      <p className="hint" data-testid="center-status">
        {c?.id ? t('center.pulled', { count: info?.pulledInvitations ?? 0, id: c.id }) : t('center.noLocation')}
      </p>
      {change ? (
        <ConfirmIdChange change={change} busy={busy} onConfirm={() => void save(true)} onCancel={() => setChange(null)} />
      ) : (
        <button type="submit" className="btn btn-primary" data-testid="center-save" disabled={busy}>
          {t('center.save')}
        </button>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
