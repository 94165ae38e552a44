import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store';
import { brusselsDate, formatLocalDate } from '../../i18n/format';
import { receptionError, statusText, whenText } from './text';

/**
 * The one search box. It holds the focus whenever Reception is open: a scanner types the code
 * and Enter, so the next person can be found without touching the mouse.
 */
export function SearchPanel({ inputRef, onPicked }: { inputRef: React.RefObject<HTMLInputElement | null>; onPicked: () => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const result = useStore((s) => s.reception.search);
  const error = useStore((s) => s.reception.error);
  const current = useStore((s) => s.reception.current);
  const runSearch = useStore((s) => s.reception.runSearch);
  const select = useStore((s) => s.reception.select);
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLUListElement>(null);
  const today = brusselsDate(Date.now());

  useEffect(() => inputRef.current?.focus(), [inputRef]);

  const submit = async () => {
    const r = await runSearch(query);
    // A scan finds one appointment: the desk is ready to check in with the next Enter.
    if (r && r.hits.length === 1) {
      setQuery('');
      onPicked();
    }
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void submit();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      listRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
    } else if (e.key === 'Escape') {
      setQuery('');
    }
  };
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' && i < buttons.length - 1) buttons[i + 1]!.focus();
    else if (e.key === 'ArrowUp') (i > 0 ? buttons[i - 1]! : inputRef.current)?.focus();
    else return;
    e.preventDefault();
  };

  const notice = error ? receptionError(t, error, locale) : result?.notice && result.notice !== 'empty' ? t(`reception.notice.${result.notice}`) : null;

  return (
    <div className="panel rx-search">
      <label className="field rx-search-field">
        <span>{t('reception.search.label')}</span>
        <input
          ref={inputRef}
          data-testid="rx-search"
          type="search"
          value={query}
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('reception.search.placeholder')}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKey}
          aria-describedby="rx-search-hint rx-search-notice"
        />
      </label>
      <p id="rx-search-hint" className="hint">
        {t('reception.search.hint')}
      </p>
      <p id="rx-search-notice" className={notice ? 'notice rx-notice' : 'visually-hidden'} role="status" aria-live="polite" data-testid="rx-notice">
        {notice}
      </p>
      {result?.person && (
        <p className="hint" data-testid="rx-known-person">
          {t('reception.search.knownPerson', { name: `${result.person.givenName} ${result.person.familyName}` })}
        </p>
      )}
      {/* A scanned code is the person in the detail panel below: listing it twice only pushes the next action down. */}
      {result && result.hits.length > 0 && !(result.kind === 'code' && result.hits.length === 1 && current?.invitationId === result.hits[0]!.invitationId) && (
        <ul ref={listRef} className="rx-results" aria-label={t('reception.search.results')} onKeyDown={onListKey} data-testid="rx-results">
          {result.hits.map((h) => (
            <li key={h.invitationId}>
              <button
                type="button"
                className={`rx-hit${current?.invitationId === h.invitationId ? ' rx-hit-current' : ''}`}
                aria-pressed={current?.invitationId === h.invitationId}
                onClick={() => {
                  select(h);
                  onPicked();
                }}
              >
                <span className="rx-hit-name">
                  {h.familyName}, {h.givenName}
                </span>
                <span className="rx-hit-meta">
                  {h.birthDate ? formatLocalDate(h.birthDate, locale, 'dd/MM/yyyy') : '—'} · {h.nissMasked ?? '—'}
                </span>
                <span className="rx-hit-when">
                  {whenText(h, locale, today)} · {t('reception.dose', { n: h.doseNumber })} {h.productCode ?? ''}
                </span>
                <span className={`tag rx-status-${h.outcome ?? h.status}`}>{statusText(t, h)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {result?.more && <p className="hint">{t('reception.search.more')}</p>}
    </div>
  );
}
