import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, Result } from '../../../src/api/errors';
import type { ChangeKind } from '../../../src/api/method';
import { brusselsDate } from '../../i18n/format';
import { errorText } from '../../i18n/errors';
import { useOnChange } from '../../changes';
import { useStore } from '../../store';
import { api } from '../../api';

export const todayBrussels = (): string => brusselsDate(Date.now());

export function addDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days);
  return new Date(t).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday) of a local date. */
export const weekday = (d: string): number => {
  const w = new Date(`${d}T12:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
};

export const PRODUCT_CODES = ['COMIRNATY', 'SPIKEVAX', 'VAXZEVRIA', 'JCOVDEN'] as const;

/**
 * The products a form may offer: the catalog's active ones (coordinators add products there), plus
 * any already chosen, so that a plan or template keeps showing a product taken out of use.
 */
export function useProductChoices(chosen: readonly string[] = []): { code: string; label: string }[] {
  const { t } = useTranslation();
  const { value } = useLoad(() => api['products.list']({}), [], ['stock', 'planning']);
  const list = value ?? PRODUCT_CODES.map((code) => ({ code, name: code, active: true }));
  return list.filter((p) => p.active || chosen.includes(p.code)).map((p) => ({ code: p.code, label: t(`stock.product.${p.code}`, { defaultValue: p.name }) }));
}

/** Only coordinators change plans and stock; the API refuses the rest anyway. */
export const useCanEdit = (readOnly: boolean): boolean => useStore((s) => s.session.me?.role === 'coordinator') && !readOnly;

/** An API error as the person reads it, next to the form that caused it. */
export function useProblem() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const [problem, setProblem] = useState<string | null>(null);
  const take = useCallback(
    <T,>(r: Result<T>): T | null => {
      if (r.ok) {
        setProblem(null);
        return r.value;
      }
      setProblem(explain(t, r.error, locale));
      return null;
    },
    [t, locale],
  );
  return { problem, setProblem, take };
}

/**
 * The translated error plus the server's own sentence, which names the field and what to fix
 * ("Closing time 07:00 must be after opening time 08:00"); the generic text alone does not.
 */
function explain(t: Parameters<typeof errorText>[0], e: ApiError, locale: Parameters<typeof errorText>[2]): string {
  const base = errorText(t, e, locale);
  return ['INVALID_INPUT', 'CONFLICT', 'STOCK', 'NOT_FOUND'].includes(e.code) && e.message ? `${base} ${e.message}` : base;
}

/** Loads on mount, when deps change, and when another desk changes planning or stock. */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: unknown[], kinds: readonly ChangeKind[] = ['planning', 'stock', 'invitations', 'arrivals']) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async () => {
    const r = await load();
    if (r.ok) {
      setValue(r.value);
      setError(null);
    } else setError(r.error);
    // The caller lists the dependencies (like useEffect); the loader itself changes every render.
  }, deps);
  useEffect(() => {
    void run();
  }, [run]);
  useOnChange(kinds, () => void run());
  return { value, error, reload: run };
}

export function Problem({ text }: { text: string | null }) {
  return text ? (
    <p className="error" role="alert">
      {text}
    </p>
  ) : null;
}

export function LoadError({ error }: { error: ApiError | null }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  return error ? (
    <p className="error" role="alert">
      {errorText(t, error, locale)}
    </p>
  ) : null;
}
