import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LateEntryRow } from '../../../src/api/contract/bulk';
import type { DeskLot, ReceptionHit } from '../../../src/api/contract/reception';
import type { GuardKind } from '../../../src/domain/checkin';
import { api } from '../../api';
import { useOnChange } from '../../changes';
import { formatDateTime, formatTime } from '../../i18n/format';
import { useStore } from '../../store';
import { DayPicker, Problem, todayBrussels, useProblem } from './common';
import { BulkWalkinForm } from './BulkWalkinForm';

type Action = 'arrived' | 'vaccinated' | 'refused' | 'deferred' | 'left' | 'noshow';
const ACTIONS: Action[] = ['arrived', 'vaccinated', 'refused', 'deferred', 'left', 'noshow'];

/**
 * Catching up after a paper day: scan the barcode on the sheet (or type the code, a name, a
 * national number), say what the sheet says and at what time; every entry goes through
 * reception's own check-in and outcome services and is marked as entered late, by the person
 * logged in here. Keyboard only: scan, Tab to the time, Tab to the action, Enter; back to the scan.
 */
export function BulkEntry() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const me = useStore((s) => s.session.me);
  const [day, setDay] = useState(todayBrussels);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ReceptionHit[]>([]);
  const [hit, setHit] = useState<ReceptionHit | null>(null);
  const [time, setTime] = useState('');
  const [lots, setLots] = useState<DeskLot[]>([]);
  const [lotId, setLotId] = useState('');
  const [entries, setEntries] = useState<LateEntryRow[]>([]);
  const [flash, setFlash] = useState<string | null>(null);
  const [guards, setGuards] = useState<GuardKind[] | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [pending, setPending] = useState<Action | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const timeRef = useRef<HTMLInputElement>(null);
  const { problem, show, take } = useProblem();

  const loadEntries = useCallback(async () => {
    const r = await api['bulk.entries']({ day });
    if (r.ok) setEntries(r.value);
  }, [day]);
  useEffect(() => void loadEntries(), [loadEntries]);
  useOnChange(['arrivals'], () => void loadEntries());
  useEffect(() => {
    void api['desk.options']({}).then((r) => {
      if (!r.ok) return;
      const usable = r.value.lots.filter((l) => l.usable);
      setLots(usable);
      setLotId((cur) => cur || r.value.defaults.lotId || usable[0]?.lotId || '');
    });
  }, []);

  const choose = (h: ReceptionHit) => {
    setHit(h);
    setHits([]);
    setGuards(null);
    setOverrideReason('');
    setTime(formatTime(h.startAt, locale));
  };
  // The time field exists only once a person is chosen: focus it after that render, not before.
  useEffect(() => {
    if (hit) timeRef.current?.select();
  }, [hit]);

  const search = async (e: React.FormEvent) => {
    e.preventDefault();
    setFlash(null);
    const v = take(await api['invitations.search']({ query, limit: 10 }));
    if (!v) return;
    if (v.hits.length === 1) choose(v.hits[0]!);
    else if (v.hits.length === 0) show({ code: 'NOT_FOUND', message: 'not found' });
    else setHits(v.hits);
  };

  const record = async (action: Action) => {
    if (!hit) return;
    const override = guards && overrideReason.trim().length >= 3 ? { guards, reason: overrideReason.trim() } : undefined;
    const r = await api['bulk.record']({
      invitationId: hit.invitationId,
      day,
      time,
      action,
      ...(action === 'vaccinated' && lotId ? { lotId } : {}),
      ...(override ? { override } : {}),
    });
    if (!r.ok && r.error.code === 'GUARD') {
      const open = (r.error.details?.guards as { guard: GuardKind }[] | undefined)?.map((g) => g.guard) ?? [];
      setGuards(open);
      setPending(action);
      take(r);
      return;
    }
    const v = take(r);
    if (!v) return;
    setFlash(t('bulk.recorded', { name: `${v.hit.familyName} ${v.hit.givenName}`, action: t(`bulk.action.${action}`), time }));
    setHit(null);
    setGuards(null);
    setPending(null);
    setQuery('');
    void loadEntries();
    requestAnimationFrame(() => scanRef.current?.focus());
  };

  return (
    <div className="bulk" data-testid="bulk-entry">
      <div className="report-toolbar">
        <DayPicker day={day} onChange={setDay} id="bulk-day" />
        <p className="bulk-who">{t('bulk.enteredBy', { name: me?.displayName ?? '' })}</p>
      </div>
      <p className="hint">{t('bulk.hint')}</p>
      <div className="bulk-grid">
        <div className="panel">
          <form onSubmit={(e) => void search(e)} role="search">
            <label className="field" htmlFor="bulk-scan">
              <span>{t('bulk.scan')}</span>
              <input id="bulk-scan" ref={scanRef} value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" maxLength={200} autoFocus />
            </label>
          </form>
          {hits.length > 1 && (
            <ul className="bulk-hits" aria-label={t('bulk.choose')}>
              {hits.map((h) => (
                <li key={h.invitationId}>
                  <button type="button" className="btn btn-block" onClick={() => choose(h)}>
                    {h.familyName}, {h.givenName} · {formatDateTime(h.startAt, locale)} · {h.code}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {hit && (
            <div className="bulk-person" data-testid="bulk-person">
              <p className="bulk-name">
                <strong>{hit.familyName}</strong>, {hit.givenName} · {hit.code}
              </p>
              <p className="muted">
                {t('bulk.booked', { at: formatDateTime(hit.startAt, locale), dose: hit.doseNumber })} · {t(`bulk.status.${hit.status}`)}
              </p>
              <div className="field-row">
                <label className="field narrow" htmlFor="bulk-time">
                  <span>{t('bulk.realTime')}</span>
                  <input id="bulk-time" ref={timeRef} type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
                </label>
                <label className="field" htmlFor="bulk-lot">
                  <span>{t('bulk.lot')}</span>
                  <select id="bulk-lot" value={lotId} onChange={(e) => setLotId(e.target.value)}>
                    <option value="">{t('bulk.noLot')}</option>
                    {lots.map((l) => (
                      <option key={l.lotId} value={l.lotId}>
                        {l.productCode} {l.lotNumber}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {guards && (
                <div className="notice" role="alert">
                  <p className="notice-title">{t('bulk.guardTitle', { guards: guards.map((g) => t(`bulk.guard.${g}`)).join(', ') })}</p>
                  <label className="field" htmlFor="bulk-override">
                    <span>{t('bulk.overrideReason')}</span>
                    <input id="bulk-override" value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} minLength={3} maxLength={500} />
                  </label>
                  {pending && (
                    <button type="button" className="btn btn-danger" disabled={overrideReason.trim().length < 3} onClick={() => void record(pending)}>
                      {t('bulk.overrideAndRecord')}
                    </button>
                  )}
                </div>
              )}
              <div className="bulk-actions" role="group" aria-label={t('bulk.whatHappened')}>
                {ACTIONS.map((a) => (
                  <button key={a} type="button" className={a === 'vaccinated' ? 'btn btn-primary' : 'btn'} data-action={a} onClick={() => void record(a)}>
                    {t(`bulk.action.${a}`)}
                  </button>
                ))}
              </div>
            </div>
          )}
          <Problem text={problem} />
          <p className="flash" role="status" aria-live="polite">{flash}</p>
        </div>
        <BulkWalkinForm day={day} lots={lots} onDone={(name) => { setFlash(t('bulk.walkinRecorded', { name })); void loadEntries(); }} />
      </div>
      <table className="table table-compact bulk-entries" data-testid="bulk-entries">
        <caption>{t('bulk.entries', { count: entries.length })}</caption>
        <thead>
          <tr>
            <th>{t('bulk.happenedAt')}</th><th>{t('bulk.person')}</th><th>{t('bulk.what')}</th><th>{t('bulk.enteredAt')}</th><th>{t('bulk.by')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.invitationId}-${e.kind}`}>
              <td>{formatTime(e.happenedAt, locale)}</td>
              <td>{e.familyName}, {e.givenName} <span className="muted">{e.code}</span></td>
              <td>{t(`bulk.kind.${e.kind}`)}{e.kind === 'outcome' && e.outcome ? `: ${t(`bulk.action.${e.outcome}`)}${e.lotNumber ? ` (${e.lotNumber})` : ''}` : ''}</td>
              <td>{formatDateTime(e.enteredAt, locale)}</td>
              <td>{e.enteredByName ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
