import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../src/api/errors';
import type { Guard, OutcomeKind } from '../../../src/api/contract/reception';
import { api } from '../../api';
import { ReasonPrompt } from '../../shell/ReasonPrompt';
import { useStore } from '../../store';
import { brusselsDate, formatLocalDate, formatTime } from '../../i18n/format';
import { GuardBox } from './GuardBox';
import { OutcomeBox } from './OutcomeBox';
import { guardText, punctualityText, receptionError, statusText, whenText } from './text';

/** The person on the desk: check in with one key, see guards, override them with a reason, record the outcome. */
export function CurrentPanel({ checkInRef, backToSearch }: { checkInRef: React.RefObject<HTMLButtonElement | null>; backToSearch: () => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const h = useStore((s) => s.reception.current);
  const options = useStore((s) => s.reception.options);
  const put = useStore((s) => s.reception.put);
  const refresh = useStore((s) => s.reception.refresh);
  const [guards, setGuards] = useState<Guard[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [askUndo, setAskUndo] = useState(false);

  useEffect(() => {
    setGuards([]);
    setProblem(null);
    setDone(null);
    setAskUndo(false);
  }, [h?.invitationId]);

  if (!h) return <div className="panel rx-current rx-empty">{t('reception.current.none')}</div>;

  const name = `${h.givenName} ${h.familyName}`;
  const fail = (e: ApiError) => setProblem(receptionError(t, e, locale));
  const checkIn = async (reason?: string) => {
    // The person's turn at the desk ends with this key: the focus is back in the search box at
    // once, so a scan typed while the check-in is on its way is not lost. A guard takes it back.
    backToSearch();
    setBusy(true);
    setProblem(null);
    const r = await api['arrivals.checkIn']({
      invitationId: h.invitationId,
      ...(reason ? { override: { guards: guards.map((g) => g.guard), reason } } : {}),
    });
    setBusy(false);
    if (r.ok) {
      setGuards([]);
      put(r.value.hit);
      setDone(t('reception.checkedIn', { name }));
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
  const undo = async (why: string) => {
    setAskUndo(false);
    const r = h.outcome ? await api['outcomes.undo']({ invitationId: h.invitationId, reason: why }) : await api['arrivals.undo']({ invitationId: h.invitationId, reason: why });
    if (!r.ok) return fail(r.error);
    put(r.value);
    setDone(null);
    void refresh();
  };

  const arrived = h.arrival !== null;
  const late = punctualityText(t, h, new Date());
  const given = h.lotId ? options?.lots.find((l) => l.lotId === h.lotId) : undefined;
  return (
    <div className="panel rx-current" data-testid="rx-current" aria-labelledby="rx-current-name">
      <div className="rx-current-head">
        <h2 id="rx-current-name">
          {h.familyName}, {h.givenName}
        </h2>
        {late && (
          <span className="tag rx-punctuality" data-testid="rx-punctuality">
            {late}
          </span>
        )}
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
        {h.outcome === 'vaccinated' && (
          <>
            <dt>{t('reception.vaccine.givenLabel')}</dt>
            <dd data-testid="rx-given">{given ? t('reception.vaccine.given', { product: given.productCode, lot: given.lotNumber }) : '—'}</dd>
          </>
        )}
      </dl>

      {guards.length > 0 && (
        <GuardBox
          texts={guards.map((g) => ({ key: g.guard, text: guardText(t, g, locale) }))}
          reasonLabel={t('reception.override.reason')}
          confirmLabel={t('reception.override.confirm')}
          busy={busy}
          onConfirm={(why) => void checkIn(why)}
          onCancel={() => (setGuards([]), backToSearch())}
          ids={{ box: 'rx-guards', reason: 'rx-override-reason', confirm: 'rx-override' }}
        />
      )}

      {!arrived && guards.length === 0 && (
        <button ref={checkInRef} type="button" className="btn btn-primary rx-big" disabled={busy} onClick={() => void checkIn()} data-testid="rx-checkin">
          {t('reception.checkIn')}
        </button>
      )}

      {arrived && !h.outcome && (
        <OutcomeBox
          h={h}
          actionRef={checkInRef}
          onDone={(o: OutcomeKind) => setDone(t(`reception.outcomeDone.${o}`, { name }))}
          onProblem={fail}
          backToSearch={backToSearch}
        />
      )}
      <p className="flash" role="status" aria-live="polite" data-testid="rx-done">
        {done}
      </p>
      {problem && (
        <p className="error" role="alert" data-testid="rx-problem">
          {problem}
        </p>
      )}
      {arrived && !askUndo && (
        <button type="button" className="btn btn-small rx-undo" onClick={() => setAskUndo(true)}>
          {h.outcome ? t('reception.undoOutcome') : t('reception.undoCheckIn')}
        </button>
      )}
      {askUndo && (
        <ReasonPrompt label={t('reception.undoReason')} confirmLabel={h.outcome ? t('reception.undoOutcome') : t('reception.undoCheckIn')} onConfirm={(why) => void undo(why)} onCancel={() => setAskUndo(false)} testId="rx-undo-reason" />
      )}
    </div>
  );
}
