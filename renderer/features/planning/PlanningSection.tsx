import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SectionProps } from '../sections';
import { Calendar } from './Calendar';
import { DayEditor } from './DayEditor';
import { Deliveries } from './Deliveries';
import { Templates } from './Templates';
import { todayBrussels, useCanEdit } from './common';
import './planning.css';

const TABS = ['calendar', 'day', 'deliveries', 'templates'] as const;
type Tab = (typeof TABS)[number];

/** Planning: the calendar of the coming weeks, one day in detail, deliveries with what-if, weekly templates. */
export default function PlanningSection({ readOnly }: SectionProps) {
  const { t } = useTranslation();
  const canEdit = useCanEdit(readOnly);
  const [tab, setTab] = useState<Tab>('calendar');
  const [day, setDay] = useState(todayBrussels);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: React.KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : null;
    if (next === null) return;
    e.preventDefault();
    setTab(TABS[next]!);
    refs.current[next]?.focus();
  };
  return (
    <section className="section planning-section" aria-labelledby="section-title">
      <h1 id="section-title" tabIndex={-1}>
        {t('planning.title')}
        {!canEdit && <span className="tag read-only">{t('planning.readOnly')}</span>}
      </h1>
      <div role="tablist" aria-label={t('planning.title')} className="planning-tabs">
        {TABS.map((id, i) => (
          <button
            key={id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`planning-tab-${id}`}
            aria-selected={tab === id}
            aria-controls="planning-panel"
            tabIndex={tab === id ? 0 : -1}
            className="planning-tab"
            onClick={() => setTab(id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t(`planning.tabs.${id}`)}
          </button>
        ))}
      </div>
      <div id="planning-panel" role="tabpanel" aria-labelledby={`planning-tab-${tab}`}>
        {tab === 'calendar' && (
          <Calendar
            canEdit={canEdit}
            openDay={(d) => {
              setDay(d);
              setTab('day');
            }}
          />
        )}
        {tab === 'day' && <DayEditor day={day} setDay={setDay} canEdit={canEdit} />}
        {tab === 'deliveries' && <Deliveries canEdit={canEdit} />}
        {tab === 'templates' && <Templates canEdit={canEdit} />}
      </div>
    </section>
  );
}
