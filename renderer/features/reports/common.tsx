import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, Result } from '../../../src/api/errors';
import { brusselsDate } from '../../i18n/format';
import { errorText } from '../../i18n/errors';
import { useStore } from '../../store';

export const todayBrussels = (): string => brusselsDate(Date.now());

export function addDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days);
  return new Date(t).toISOString().slice(0, 10);
}

export const hourLabel = (h: number): string => `${String(h).padStart(2, '0')}:00`;

/** An API error as the person reads it, kept in local state next to the form that caused it. */
export function useProblem() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const show = useCallback(
    (e: ApiError | null) => {
      setError(e);
      setProblem(e ? errorText(t, e, locale) : null);
    },
    [t, locale],
  );
  /** The value of a result, or null after showing its error. */
  const take = useCallback(
    <T,>(r: Result<T>): T | null => {
      if (r.ok) {
        show(null);
        return r.value;
      }
      show(r.error);
      return null;
    },
    [show],
  );
  return { problem, error, show, take };
}

export function Problem({ text }: { text: string | null }) {
  return text ? (
    <p className="error" role="alert">
      {text}
    </p>
  ) : null;
}

/** A file the browser saves (Electron shows its save dialog for downloads too). */
export function download(filename: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Print, or "Save as PDF" in the print dialog: the print CSS keeps only the report or the list. */
export function printPage(): void {
  window.print();
}

export function DayPicker({ day, onChange, id }: { day: string; onChange: (d: string) => void; id: string }) {
  const { t } = useTranslation();
  return (
    <div className="report-daypicker no-print">
      <button type="button" className="btn btn-small" onClick={() => onChange(addDays(day, -1))} aria-label={t('reports.previousDay')}>
        ‹
      </button>
      <label className="field inline-field" htmlFor={id}>
        <span>{t('reports.day')}</span>
        <input id={id} type="date" value={day} required onChange={(e) => e.target.value && onChange(e.target.value)} />
      </label>
      <button type="button" className="btn btn-small" onClick={() => onChange(addDays(day, 1))} aria-label={t('reports.nextDay')}>
        ›
      </button>
    </div>
  );
}
