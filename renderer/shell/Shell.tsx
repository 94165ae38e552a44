import { Suspense, useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../src/api/contract/core';
import { sectionsFor } from '../features/sections';
import { CentralStatus } from '../features/sync/CentralStatus';
import { openChangeStream, useOnChange } from '../changes';
import { useStore } from '../store';
import { ErrorBoundary } from './ErrorBoundary';
import { LanguageSelect } from './LanguageSelect';
import { useIdleLock } from './useIdleLock';

/**
 * Keyboard users land on the new section's heading, not back at the top of the menu. Sections
 * load lazily, so wait (briefly) for the heading of the section that was asked for.
 */
function focusHeadingWhenShown(main: HTMLElement | null, sectionId: string): void {
  if (!main) return;
  const tryFocus = () => {
    if (main.dataset.section !== sectionId) return false;
    const h1 = main.querySelector<HTMLElement>('h1');
    if (!h1) return false;
    if (!h1.hasAttribute('tabindex')) h1.tabIndex = -1;
    h1.focus();
    // A heading still hidden by Suspense cannot take focus: keep waiting for the visible one.
    return document.activeElement === h1;
  };
  if (tryFocus()) return;
  const observer = new MutationObserver(() => tryFocus() && observer.disconnect());
  observer.observe(main, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-section'] });
  setTimeout(() => observer.disconnect(), 3_000);
}

/** The logged-in window: header, section menu, the section, and the status bar. */
export function Shell({ me }: { me: Me }) {
  const { t } = useTranslation();
  const current = useStore((s) => s.ui.section);
  const go = useStore((s) => s.ui.go);
  const logout = useStore((s) => s.session.logout);
  const end = useStore((s) => s.session.end);
  const refreshMe = useStore((s) => s.session.refreshMe);
  const sections = useMemo(() => sectionsFor(me.role), [me.role]);
  const active = sections.find((s) => s.id === current) ?? sections[0]!;
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => openChangeStream(), []);
  // The idle time is a setting a coordinator can change from another desk.
  useOnChange(['settings', 'staff'], () => void refreshMe());
  useIdleLock(me.idleLockMinutes, useCallback(() => end('idle'), [end]));

  const open = (id: string) => {
    go(id);
    focusHeadingWhenShown(mainRef.current, id);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      const target = Number.isInteger(n) && n >= 1 ? sections[n - 1] : undefined;
      if (target) {
        e.preventDefault();
        open(target.id);
      }
    };
    // Capture phase: a section's own key handling (a search box) must not swallow the shortcuts.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  const Section = active.component;
  const readOnly = active.readOnlyFor?.includes(me.role) ?? false;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip', { section: t(active.labelKey) })}
      </a>
      <header className="app-header">
        <span className="brand">{t('app.name')}</span>
        <span className="who" data-testid="who">
          <span className="visually-hidden">{t('header.loggedInAs')} </span>
          <strong>{me.displayName}</strong>
          <span className="role-badge" data-role={me.role}>
            {t(`role.${me.role}`)}
          </span>
        </span>
        <LanguageSelect />
        <button type="button" className="btn btn-secondary" onClick={() => void logout()}>
          {t('header.logout')}
        </button>
      </header>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul>
          {sections.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={s.id === active.id ? 'page' : undefined}
                onClick={() => open(s.id)}
                data-section={s.id}
              >
                <span>{t(s.labelKey)}</span>
                <kbd aria-hidden="true">Alt+{i + 1}</kbd>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} className="app-main" data-section={active.id}>
        <ErrorBoundary resetKey={active.id} fallback={<p role="alert">{t('section.failed')}</p>}>
          <Suspense key={active.id} fallback={<p className="muted">{t('common.loading')}</p>}>
            <Section readOnly={readOnly} />
          </Suspense>
        </ErrorBoundary>
      </main>
      <footer className="status-bar" aria-label={t('status.label')}>
        <CentralStatus />
        <span className="muted">{t('status.desk', { desk: me.deskId })}</span>
      </footer>
    </div>
  );
}
