import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../src/api/errors';
import type { OutcomeGuard, OutcomeKind, ReceptionHit } from '../../../src/api/contract/reception';
import { api } from '../../api';
import { useStore } from '../../store';
import { GuardBox } from './GuardBox';
import { outcomeGuardText } from './text';

/**
 * What happened after check-in. The product and lot to be given are spelled out before the click;
 * a lot that does not match the booking or the first dose stops at a banner (src/domain/product-match.ts).
 */
export function OutcomeBox(props: { h: ReceptionHit; actionRef: React.RefObject<HTMLButtonElement | null>; onDone: (o: OutcomeKind) => void; onProblem: (e: ApiError) => void; backToSearch: () => void }) {
  const { h } = props;
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const options = useStore((s) => s.reception.options);
  const put = useStore((s) => s.reception.put);
  const refresh = useStore((s) => s.reception.refresh);
  const [lotId, setLotId] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [guards, setGuards] = useState<OutcomeGuard[]>([]);
  useEffect(() => setLotId(options?.defaults.lotId ?? ''), [options?.defaults.lotId, h.invitationId]);
  useEffect(() => setGuards([]), [h.invitationId, lotId]);

  const lots = (options?.lots ?? []).filter((l) => l.usable);
  const lot = lots.find((l) => l.lotId === lotId);

  const outcome = async (o: OutcomeKind, reason?: string) => {
    setBusy(true);
    const r = await api['outcomes.record']({
      invitationId: h.invitationId,
      outcome: o,
      ...(o === 'vaccinated' && lotId ? { lotId } : {}),
      ...(o === 'vaccinated' && reason ? { override: { guards: guards.map((g) => g.guard), reason } } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      if (r.error.code === 'GUARD') return setGuards((r.error.details?.guards as OutcomeGuard[] | undefined) ?? []);
      return props.onProblem(r.error);
    }
    setGuards([]);
    put(r.value.hit);
    props.onDone(o);
    void refresh();
    props.backToSearch();
  };

  return (
    <div className="rx-outcomes">
      <div className="rx-outcome-lot">
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
        <p className={`rx-will-use${lot && h.productCode && lot.productCode !== h.productCode ? ' rx-will-use-bad' : ''}`} data-testid="rx-will-use">
          {lot ? t('reception.vaccine.willUse', { product: lot.productCode, lot: lot.lotNumber }) : t('reception.vaccine.noLot')}
          {h.productCode && <span className="muted"> · {t('reception.vaccine.booked', { product: h.productCode })}</span>}
        </p>
      </div>
      {guards.length > 0 ? (
        <GuardBox
          texts={guards.map((g) => ({ key: g.guard, text: outcomeGuardText(t, g, locale) }))}
          reasonLabel={t('reception.vaccine.overrideReason')}
          confirmLabel={t('reception.vaccine.overrideConfirm')}
          busy={busy}
          onConfirm={(why) => void outcome('vaccinated', why)}
          onCancel={() => (setGuards([]), props.backToSearch())}
          ids={{ box: 'rx-vaccine-guards', reason: 'rx-vaccine-reason', confirm: 'rx-vaccine-override' }}
        />
      ) : (
        <div className="rx-actions">
          <button ref={props.actionRef} type="button" className="btn btn-primary rx-big" disabled={busy || !lotId} onClick={() => void outcome('vaccinated')} data-testid="rx-vaccinated">
            {t('reception.outcome.vaccinated')}
          </button>
          {(['refused', 'deferred', 'left'] as const).map((o) => (
            <button key={o} type="button" className="btn" disabled={busy} onClick={() => void outcome(o)} data-testid={`rx-outcome-${o}`}>
              {t(`reception.outcome.${o}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
