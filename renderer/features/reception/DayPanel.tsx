import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { api } from '../../api';
import { ReasonPrompt } from '../../shell/ReasonPrompt';
import { useStore } from '../../store';
import type { DayFilter, DaySort } from '../../store/reception';
import { formatTime } from '../../i18n/format';
import { receptionError, statusText } from './text';

const FILTERS: DayFilter[] = ['all', 'toCome', 'arrived', 'vaccinated', 'noshow', 'walkin', 'cancelled'];
const SORTS: DaySort[] = ['time', 'name', 'status'];
const ROW = 40;

/** Today's counters against capacity, and every appointment of the day (virtualised). */
export function DayPanel({ onPicked }: { onPicked: () => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const c = useStore((s) => s.reception.counters);
  const rows = useStore((s) => s.reception.rows);
  const filter = useStore((s) => s.reception.filter);
  const sort = useStore((s) => s.reception.sort);
  const setView = useStore((s) => s.reception.setView);
  const select = useStore((s) => s.reception.select);
  const [tab, setTab] = useState<'list' | 'hours'>('list');
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });

  return (
    <div className="panel rx-day">
      {c && (
        <dl className="rx-counters" data-testid="rx-counters">
          {(['expected', 'arrived', 'vaccinated', 'stillToCome', 'noshows'] as const).map((k) => (
            <div key={k} className={`rx-counter rx-counter-${k}`}>
              <dt>{t(`reception.counters.${k}`)}</dt>
              <dd data-testid={`rx-count-${k}`}>{c.total[k]}</dd>
            </div>
          ))}
          <div className="rx-counter">
            <dt>{t('reception.counters.capacity')}</dt>
            <dd>{c.capacity?.published ?? '—'}</dd>
          </div>
        </dl>
      )}
      <div className="rx-day-tools" role="group" aria-label={t('reception.day.view')}>
        <button type="button" className="btn btn-small" aria-pressed={tab === 'list'} onClick={() => setTab('list')}>
          {t('reception.day.list')}
        </button>
        <button type="button" className="btn btn-small" aria-pressed={tab === 'hours'} onClick={() => setTab('hours')}>
          {t('reception.day.hours')}
        </button>
        {tab === 'list' && (
          <>
            <select aria-label={t('reception.day.filter')} value={filter} onChange={(e) => void setView(e.target.value as DayFilter, sort)} data-testid="rx-filter">
              {FILTERS.map((f) => (
                <option key={f} value={f}>
                  {t(`reception.filter.${f}`)}
                </option>
              ))}
            </select>
            <select aria-label={t('reception.day.sort')} value={sort} onChange={(e) => void setView(filter, e.target.value as DaySort)}>
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`reception.sort.${s}`)}
                </option>
              ))}
            </select>
            <span className="muted">{t('reception.day.count', { count: rows.length })}</span>
          </>
        )}
      </div>
      {tab === 'hours' && c ? (
        <table className="table table-compact rx-hours" data-testid="rx-hours">
          <thead>
            <tr>
              <th scope="col">{t('reception.counters.hour')}</th>
              {(['expected', 'arrived', 'vaccinated', 'stillToCome', 'noshows'] as const).map((k) => (
                <th key={k} scope="col">
                  {t(`reception.counters.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.hours.map((h) => (
              <tr key={h.hour}>
                <th scope="row">{h.hour}</th>
                <td>{h.expected}</td>
                <td>{h.arrived}</td>
                <td>{h.vaccinated}</td>
                <td>{h.stillToCome}</td>
                <td>{h.noshows}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div ref={scroller} className="rx-day-scroll" data-testid="rx-day-list" tabIndex={-1}>
          <ul style={{ height: v.getTotalSize(), position: 'relative' }} aria-label={t('reception.day.list')}>
            {v.getVirtualItems().map((item) => {
              const h = rows[item.index]!;
              return (
                <li key={h.invitationId} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` }}>
                  <button
                    type="button"
                    className="rx-row"
                    onClick={() => {
                      select(h);
                      onPicked();
                    }}
                  >
                    <span className="rx-row-time">{formatTime(h.startAt, locale)}</span>
                    <span className="rx-row-name">
                      {h.familyName}, {h.givenName}
                    </span>
                    <span className={`tag rx-status-${h.outcome ?? h.status}`}>{statusText(t, h)}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Closing the day and the doses left in opened vials. */
export function ClosePanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const c = useStore((s) => s.reception.counters);
  const leftover = useStore((s) => s.reception.leftover);
  const refresh = useStore((s) => s.reception.refresh);
  const [msg, setMsg] = useState<string | null>(null);
  const close = async () => {
    const r = await api['day.close']({});
    setMsg(r.ok ? t('reception.close.done', { count: r.value.noshows }) : receptionError(t, r.error, locale));
    void refresh();
  };
  const [askReopen, setAskReopen] = useState(false);
  const reopen = async (why: string) => {
    setAskReopen(false);
    const r = await api['day.reopen']({ reason: why });
    setMsg(r.ok ? t('reception.close.reopened', { count: r.value.restored }) : receptionError(t, r.error, locale));
    void refresh();
  };
  return (
    <div className="panel rx-close" data-testid="rx-close" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <h2>{t('reception.close.title')}</h2>
      {c?.closed ? (
        <p>
          {t('reception.close.closedAt', { when: formatTime(c.closed.at, locale), who: c.closed.by ?? '?' })}{' '}
          <button type="button" className="btn btn-small" onClick={() => setAskReopen(true)} data-testid="rx-reopen">
            {t('reception.close.reopen')}
          </button>
        </p>
      ) : null}
      {c?.closed && askReopen && (
        <ReasonPrompt label={t('reception.close.reopenReason')} confirmLabel={t('reception.close.reopen')} onConfirm={(why) => void reopen(why)} onCancel={() => setAskReopen(false)} testId="rx-reopen-reason" />
      )}
      {!c?.closed && (
        <p>
          {t('reception.close.explain', { count: c?.total.stillToCome ?? 0 })}{' '}
          <button type="button" className="btn btn-danger" onClick={() => void close()} data-testid="rx-close-day" autoFocus>
            {t('reception.close.confirm')}
          </button>
        </p>
      )}
      <p className="flash" role="status" data-testid="rx-close-msg">
        {msg}
      </p>
      <h3>{t('reception.leftover.title')}</h3>
      {leftover.length === 0 ? (
        <p className="muted">{t('reception.leftover.none')}</p>
      ) : (
        <table className="table table-compact" data-testid="rx-leftover">
          <thead>
            <tr>
              <th scope="col">{t('reception.leftover.product')}</th>
              <th scope="col">{t('reception.lot')}</th>
              <th scope="col">{t('reception.leftover.opened')}</th>
              <th scope="col">{t('reception.leftover.left')}</th>
              <th scope="col">{t('reception.leftover.until')}</th>
            </tr>
          </thead>
          <tbody>
            {leftover.map((l) => (
              <tr key={l.lotId} className={l.expired ? 'muted' : ''}>
                <td>{l.productName}</td>
                <td>{l.lotNumber}</td>
                <td>{l.openedVials}</td>
                <td data-testid="rx-leftover-doses">{l.dosesLeft}</td>
                <td>{l.usableUntil ? (l.expired ? t('reception.leftover.expired') : formatTime(l.usableUntil, locale)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
