import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOnChange } from '../../changes';
import { useStore } from '../../store';
import type { SectionProps } from '../sections';
import { SearchPanel } from './SearchPanel';
import { CurrentPanel } from './CurrentPanel';
import { WalkinForm } from './WalkinForm';
import { DeskDefaults } from './DeskDefaults';
import { ClosePanel, DayPanel } from './DayPanel';
import './reception.css';

/**
 * Reception: find the person and check them in within seconds. Keyboard first: the search box
 * has the focus, Enter searches (scanners end with Enter), a single hit puts the focus on
 * "Check in" so the next Enter checks in; F2 opens a walk-in, Escape returns to the search box.
 */
/** A field the receptionist is writing in (an override reason, a walk-in form): never taken away from them. */
function isTyping(el: Element | null): boolean {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

export default function ReceptionSection(_props: SectionProps) {
  const { t } = useTranslation();
  const refresh = useStore((s) => s.reception.refresh);
  const searchRef = useRef<HTMLInputElement>(null);
  const actionRef = useRef<HTMLButtonElement>(null);
  const [panel, setPanelState] = useState<'none' | 'walkin' | 'close'>('none');
  // Each opening of the walk-in form is a new, empty form (never the values of a refused one).
  const [walkinKey, setWalkinKey] = useState(0);
  const setPanel = useCallback((p: 'none' | 'walkin' | 'close') => {
    if (p === 'walkin') setWalkinKey((k) => k + 1);
    setPanelState(p);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useOnChange(['arrivals', 'invitations', 'stock'], () => void refresh());

  // Synchronously, so the very next key of a scanner lands in the box; again after the render, in
  // case the element that had the focus was the one that went away.
  const toSearch = useCallback(() => {
    setPanel('none');
    searchRef.current?.focus();
    requestAnimationFrame(() => {
      if (!isTyping(document.activeElement)) searchRef.current?.focus();
    });
  }, [setPanel]);
  const toAction = useCallback(() => requestAnimationFrame(() => actionRef.current?.focus()), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        setPanel('walkin');
      } else if (e.key === 'F4') {
        e.preventDefault();
        setPanel('close');
      } else if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement && e.target.value)) {
        toSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toSearch, setPanel]);

  return (
    <section className="section rx" aria-labelledby="section-title">
      <div className="rx-top">
        <h1 id="section-title" tabIndex={-1}>
          {t('reception.title')}
        </h1>
        <DeskDefaults />
        <button type="button" className="btn" onClick={() => setPanel('walkin')} data-testid="rx-walkin-open" aria-keyshortcuts="F2">
          {t('reception.walkin.open')} <kbd>F2</kbd>
        </button>
        <button type="button" className="btn" onClick={() => setPanel(panel === 'close' ? 'none' : 'close')} data-testid="rx-close-open" aria-keyshortcuts="F4">
          {t('reception.close.open')} <kbd>F4</kbd>
        </button>
      </div>
      <div className="rx-grid">
        <div className="rx-left">
          <SearchPanel inputRef={searchRef} onPicked={toAction} />
          {panel === 'walkin' ? <WalkinForm key={walkinKey} onClose={toSearch} /> : <CurrentPanel checkInRef={actionRef} backToSearch={toSearch} />}
        </div>
        <div className="rx-right">{panel === 'close' ? <ClosePanel onClose={toSearch} /> : <DayPanel onPicked={toAction} />}</div>
      </div>
    </section>
  );
}
