import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeftoverRow } from '../../../src/api/contract/reception';
import type { StandbyItem } from '../../../src/api/contract/standby';
import { PRIORITY_GROUPS, type PriorityGroup } from '../../../src/domain/priority';
import { api } from '../../api';
import { useOnChange } from '../../changes';
import { formatTime } from '../../i18n/format';
import { useStore } from '../../store';
import { Problem, useProblem } from './common';

/**
 * Leftover doses and the standby list side by side: the doses that would be wasted tell how many
 * people to call; each answer is recorded, and whoever accepts becomes today's walk-in.
 */
export function StandbyCalls() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const [leftover, setLeftover] = useState<LeftoverRow[]>([]);
  const [doses, setDoses] = useState(1);
  const [toCall, setToCall] = useState<StandbyItem[] | null>(null);
  const [waiting, setWaiting] = useState<StandbyItem[]>([]);
  const [flash, setFlash] = useState<string | null>(null);
  const { problem, take } = useProblem();

  const load = useCallback(async () => {
    const l = await api['day.leftover']({});
    if (l.ok) {
      setLeftover(l.value);
      const left = l.value.filter((r) => !r.expired).reduce((s, r) => s + r.dosesLeft, 0);
      if (left > 0) setDoses(left);
    }
    const w = await api['standby.list']({ limit: 200 });
    if (w.ok) setWaiting(w.value);
  }, []);
  useEffect(() => void load(), [load]);
  useOnChange(['standby', 'stock', 'arrivals'], () => void load());

  const propose = async () => {
    const v = take(await api['standby.nextToCall']({ doses }));
    if (v) setToCall(v);
  };
  const answer = async (e: StandbyItem, result: 'accepted' | 'declined' | 'no-answer') => {
    const v = take(await api['standby.recordCall']({ id: e.id, result }));
    if (!v) return;
    setFlash(t(`standby.answered.${result}`, { name: `${e.givenName} ${e.familyName}` }));
    await propose();
    void load();
  };
  const wouldWaste = leftover.filter((r) => !r.expired && r.dosesLeft > 0);

  return (
    <div className="standby" data-testid="standby">
      <div className="standby-grid">
        <div className="panel">
          <h3>{t('standby.leftoverTitle')}</h3>
          {wouldWaste.length === 0 ? (
            <p className="muted">{t('standby.noLeftover')}</p>
          ) : (
            <table className="table table-compact" data-testid="leftover">
              <thead>
                <tr><th>{t('reports.product')}</th><th>{t('reports.lot')}</th><th>{t('standby.dosesLeft')}</th><th>{t('standby.usableUntil')}</th></tr>
              </thead>
              <tbody>
                {wouldWaste.map((r) => (
                  <tr key={r.lotId}><td>{r.productName}</td><td>{r.lotNumber}</td><td>{r.dosesLeft}</td><td>{r.usableUntil ? formatTime(r.usableUntil, locale) : '—'}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="field-row align-end">
            <label className="field narrow" htmlFor="standby-doses">
              <span>{t('standby.doses')}</span>
              <input id="standby-doses" type="number" min={1} max={200} value={doses} onChange={(e) => setDoses(Math.max(1, Math.min(200, Number(e.target.value) || 1)))} />
            </label>
            <button type="button" className="btn btn-primary" onClick={() => void propose()}>
              {t('standby.whoToCall')}
            </button>
          </div>
          <Problem text={problem} />
          <p className="flash" role="status" aria-live="polite">{flash}</p>
        </div>
        <AddToStandby onDone={() => void load()} />
      </div>
      {toCall && (
        <table className="table table-compact to-call" data-testid="to-call">
          <caption>{t('standby.callList', { count: toCall.length })}</caption>
          <thead>
            <tr><th>{t('standby.name')}</th><th>{t('standby.phone')}</th><th>{t('standby.group')}</th><th>{t('standby.calls')}</th><th>{t('standby.answer')}</th></tr>
          </thead>
          <tbody>
            {toCall.map((e) => (
              <tr key={e.id} data-standby={e.familyName}>
                <td>{e.familyName}, {e.givenName}</td>
                <td className="nowrap"><a href={`tel:${e.phone.replace(/[^+0-9]/g, '')}`}>{e.phone}</a></td>
                <td>{t(`standby.groups.${e.priorityGroup}`)}</td>
                <td>{e.calls}{e.lastResult ? ` · ${t(`standby.result.${e.lastResult}`)}` : ''}</td>
                <td className="standby-answers">
                  <button type="button" className="btn btn-small btn-primary" onClick={() => void answer(e, 'accepted')}>{t('standby.result.accepted')}</button>
                  <button type="button" className="btn btn-small" onClick={() => void answer(e, 'declined')}>{t('standby.result.declined')}</button>
                  <button type="button" className="btn btn-small" onClick={() => void answer(e, 'no-answer')}>{t('standby.result.no-answer')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <table className="table table-compact">
        <caption>{t('standby.waiting', { count: waiting.length })}</caption>
        <thead>
          <tr><th>{t('standby.name')}</th><th>{t('standby.niss')}</th><th>{t('standby.phone')}</th><th>{t('standby.group')}</th><th>{t('standby.calls')}</th></tr>
        </thead>
        <tbody>
          {waiting.map((e) => (
            <tr key={e.id}><td>{e.familyName}, {e.givenName}</td><td>{e.nissMasked}</td><td>{e.phone}</td><td>{t(`standby.groups.${e.priorityGroup}`)}</td><td>{e.calls}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddToStandby({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const empty = { niss: '', familyName: '', givenName: '', phone: '', priorityGroup: 'everyone' as PriorityGroup };
  const [f, setF] = useState(empty);
  const { problem, take } = useProblem();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (take(await api['standby.add'](f))) {
      setF(empty);
      onDone();
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="standby-add-title">
      <h3 id="standby-add-title">{t('standby.addTitle')}</h3>
      <label className="field">
        <span>{t('standby.niss')}</span>
        <input value={f.niss} onChange={(e) => setF({ ...f, niss: e.target.value })} maxLength={20} required inputMode="numeric" />
      </label>
      <div className="field-row">
        <label className="field">
          <span>{t('standby.familyName')}</span>
          <input value={f.familyName} onChange={(e) => setF({ ...f, familyName: e.target.value })} maxLength={80} required />
        </label>
        <label className="field">
          <span>{t('standby.givenName')}</span>
          <input value={f.givenName} onChange={(e) => setF({ ...f, givenName: e.target.value })} maxLength={80} required />
        </label>
      </div>
      <div className="field-row">
        <label className="field">
          <span>{t('standby.phone')}</span>
          <input type="tel" value={f.phone} onChange={(e) => setF({ ...f, phone: e.target.value })} maxLength={20} required />
        </label>
        <label className="field">
          <span>{t('standby.group')}</span>
          <select value={f.priorityGroup} onChange={(e) => setF({ ...f, priorityGroup: e.target.value as PriorityGroup })}>
            {PRIORITY_GROUPS.map((g) => (
              <option key={g} value={g}>{t(`standby.groups.${g}`)}</option>
            ))}
          </select>
        </label>
      </div>
      <Problem text={problem} />
      <button type="submit" className="btn">{t('standby.add')}</button>
    </form>
  );
}
