import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../src/api/errors';
import type { Guard, OutcomeKind } from '../../../src/api/contract/reception';
import { api } from '../../api';
import { ReasonPrompt } from '../../shell/ReasonPrompt';
import { useStore } from '../../store';
import { brusselsDate, formatLocalDate, formatTime } from '../../i18n/format';
import { guardText, receptionError, statusText, whenText } from './text';

/** The person on the desk: check in with one key, see guards, override them with a reason, record the outcome. */
export function CurrentPanel({ checkInRef, backToSearch }: { checkInRef: React.RefObject<HTMLButtonElement | null>; backToSearch: () => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const h = useStore((s) => s.reception.current);
  const options = useStore((s) => s.reception.options);
  const select = useStore((s) => s.reception.select);
  const refresh = useStore((s) => s.reception.refresh);
  const [guards, setGuards] = useState<Guard[]>([]);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [lotId, setLotId] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [askUndo, setAskUndo] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setGuards([]);
    setReason('');
    setProblem(null);
    setDone(null);
  }, [h?.invitationId]);
  useEffect(() => setLotId(options?.defaults.lotId ?? ''), [options?.defaults.lotId, h?.invitationId]);
  useEffect(() => {
    if (guards.length) reasonRef.current?.focus();
  }, [guards]);

  if (!h) return <div className="panel rx-current rx-empty">{t('reception.current.none')}</div>;

  const fail = (e: ApiError) => setProblem(receptionError(t, e, locale));
  const checkIn = async (withOverride: boolean) => {
    setBusy(true);
    setProblem(null);
    const r = await api['arrivals.checkIn']({
      invitationId: h.invitationId,
      ...(withOverride ? { override: { guards: guards.map((g) => g.guard), reason: reason.trim() } } : {}),
    });
    setBusy(false);
    if (r.ok) {
      setGuards([]);
      select(r.value.hit);
      setDone(t('reception.checkedIn', { name: `${h.givenName} ${h.familyName}` }));
      void refresh();
      return;
    }
    if (r.error.code === 'GUARD') {
      const list = (r.error.details?.guards as Guard[] | undefined) ?? [r.error.details as unknown as Guard];
      // Guards already shown stay ticked; a new one must be read before overriding.
      setGuards((old) => [...old.filter((g) => !list.some((n) => n.guard === g.guard)), ...list]);
      return;
    }
    fail(r.error);
  };
  const outcome = async (o: OutcomeKind) => {
    setBusy(true);
    setProblem(null);
    const r = await api['outcomes.record']({ invitationId: h.invitationId, outcome: o, ...(o === 'vaccinated' && lotId ? { lotId } : {}) });
    setBusy(false);
    if (!r.ok) return fail(r.error);
    select(r.value.hit);
    setDone(t(`reception.outcomeDone.${o}`, { name: `${h.givenName} ${h.familyName}` }));
    void refresh();
    backToSearch();
  };
  const undo = async (why: string) => {
    setAskUndo(false);
    const r = h.outcome ? await api['outcomes.undo']({ invitationId: h.invitationId, reason: why }) : await api['arrivals.undo']({ invitationId: h.invitationId, reason: why });
    if (!r.ok) return fail(r.error);
    select(r.value);
    void refresh();
  };

  const lots = (options?.lots ?? []).filter((l) => l.usable);
  const arrived = h.arrival !== null;
  return (
    <div className="panel rx-current" data-testid="rx-current" aria-labelledby="rx-current-name">
      <div className="rx-current-head">
        <h2 id="rx-current-name">
          {h.familyName}, {h.givenName}
        </h2>
        <span className={`tag rx-status-${h.outcome ?? h.status}`} data-testid="rx-current-status">
          {statusText(t, h)}
        </span>
      </div>
      <dl className="rx-facts">
        <dt>{t('reception.birthDate')}</dt>
        <dd>{h.birthDate ? formatLocalDate(h.birthDate, locale, 'dd/MM/yyyy') : '—'}</dd>
        <dt>{t('reception.niss')}</dt>
        <dd className="mono">{h.nissMasked ?? '—'}</dd>
        <dt>{t('reception.appointment')}</dt>
        <dd>{whenText(h, locale, brusselsDate(Date.now()))}</dd>
        <dt>{t('reception.doseLabel')}</dt>
        <dd>
          {t('reception.dose', { n: h.doseNumber })} {h.productCode ?? ''}
        </dd>
        {h.arrival && (
          <>
            <dt>{t('reception.arrivedLabel')}</dt>
            <dd>{t('reception.arrivedAt', { when: formatTime(h.arrival.at, locale), desk: h.arrival.deskId, who: h.arrival.staffName ?? '?' })}</dd>
          </>
        )}
      </dl>

      {guards.length > 0 && (
        <div className="rx-guards" role="alert" data-testid="rx-guards">
          <ul>
            {guards.map((g) => (
              <li key={g.guard} className="rx-guard" data-guard={g.guard}>
                {guardText(t, g, locale)}
              </li>
            ))}
          </ul>
          <label className="field">
            <span>{t('reception.override.reason')}</span>
            <input
              ref={reasonRef}
              data-testid="rx-override-reason"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && reason.trim().length >= 3) void checkIn(true);
              }}
            />
          </label>
          <div className="rx-actions">
            <button type="button" className="btn btn-danger" disabled={busy || reason.trim().length < 3} onClick={() => void checkIn(true)} data-testid="rx-override">
              {t('reception.override.confirm')}
            </button>
            <button type="button" className="btn" onClick={() => (setGuards([]), backToSearch())}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}

      {!arrived && guards.length === 0 && (
        <button ref={checkInRef} type="button" className="btn btn-primary rx-big" disabled={busy} onClick={() => void checkIn(false)} data-testid="rx-checkin">
          {t('reception.checkIn')}
        </button>
      )}

      {arrived && !h.outcome && (
        <div className="rx-outcomes">
          <label className="field">
            <span>{t('reception.lot')}</span>
            <select value={lotId} onChange={(e) => setLotId(e.target.value)} data-testid="rx-lot">
              <option value="">{t('reception.chooseLot')}</option>
              {lots.map((l) => (
                <option key={l.lotId} value={l.lotId}>
                  {l.productCode} · {l.lotNumber} · {t('reception.dosesLeft', { count: l.balance })}
                </option>
              ))}
            </select>
          </label>
          <div className="rx-actions">
            <button ref={checkInRef} type="button" className="btn btn-primary rx-big" disabled={busy || !lotId} onClick={() => void outcome('vaccinated')} data-testid="rx-vaccinated">
              {t('reception.outcome.vaccinated')}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void outcome('refused')}>
              {t('reception.outcome.refused')}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void outcome('deferred')}>
              {t('reception.outcome.deferred')}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void outcome('left')}>
              {t('reception.outcome.left')}
            </button>
          </div>
        </div>
      )}
      {arrived && (
        <button type="button" className="btn btn-small rx-undo" onClick={() => setAskUndo(true)}>
          {h.outcome ? t('reception.undoOutcome') : t('reception.undoCheckIn')}
        </button>
      )}
      {askUndo && (
        <ReasonPrompt label={t('reception.undoReason')} confirmLabel={h.outcome ? t('reception.undoOutcome') : t('reception.undoCheckIn')} onConfirm={(why) => void undo(why)} onCancel={() => setAskUndo(false)} testId="rx-undo-reason" />
      )}
      <p className="flash" role="status" aria-live="polite" data-testid="rx-done">
        {done}
      </p>
      {problem && (
        <p className="error" role="alert" data-testid="rx-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
