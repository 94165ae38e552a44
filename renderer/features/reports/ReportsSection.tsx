import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SectionProps } from '../sections';
import { useStore } from '../../store';
import { todayBrussels } from './common';
import { DayReportView } from './DayReportView';
import { WeekView } from './WeekView';
import { PaperKit } from './PaperKit';
import { BulkEntry } from './BulkEntry';
import { StandbyCalls } from './StandbyCalls';
import './reports.css';

const ALL_TABS = ['day', 'week', 'paper', 'bulk', 'standby'] as const;
type Tab = (typeof ALL_TABS)[number];
/** Receptionists keep the paper fallback going (print the list, enter the sheets); the figures are the coordinator's. */
const RECEPTION_TABS: readonly Tab[] = ['paper', 'bulk'];

/** Reports, and the paper fallback around them: before (the printed kit), after (bulk entry), and leftover doses. */
export default function ReportsSection(_props: SectionProps) {
  const { t } = useTranslation();
  const role = useStore((s) => s.session.me?.role);
  const TABS = role === 'coordinator' ? ALL_TABS : RECEPTION_TABS;
  const [tab, setTab] = useState<Tab>(TABS[0]!);
  const [day, setDay] = useState(todayBrussels);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  // Arrow keys move between tabs, as in every tab list (WAI-ARIA); Tab goes into the panel.
  const onKey = (e: React.KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : null;
    if (next === null) return;
    e.preventDefault();
    setTab(TABS[next]!);
    tabRefs.current[next]?.focus();
  };

  return (
    <section className="section reports-section" aria-labelledby="section-title">
      <h1 id="section-title" tabIndex={-1} className="no-print">
        {t('reports.title')}
      </h1>
      <div role="tablist" aria-label={t('reports.title')} className="report-tabs no-print">
        {TABS.map((id, i) => (
          <button
            key={id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`reports-tab-${id}`}
            aria-selected={tab === id}
            aria-controls="reports-panel"
            tabIndex={tab === id ? 0 : -1}
            className="report-tab"
            onClick={() => setTab(id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t(`reports.tabs.${id}`)}
          </button>
        ))}
      </div>
      <div id="reports-panel" role="tabpanel" aria-labelledby={`reports-tab-${tab}`} data-tab={tab}>
        {tab === 'day' && <DayReportView day={day} setDay={setDay} />}
        {tab === 'week' && (
          <WeekView
            day={day}
            setDay={setDay}
            openDay={(d) => {
              setDay(d);
              setTab('day');
            }}
          />
        )}
        {tab === 'paper' && <PaperKit />}
        {tab === 'bulk' && <BulkEntry />}
        {tab === 'standby' && <StandbyCalls />}
      </div>
    </section>
  );
}
