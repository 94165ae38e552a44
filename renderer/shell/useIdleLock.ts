import { useEffect } from 'react';
import { tabSession } from '../store/tab-session';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Calls onIdle once after `minutes` without keyboard, mouse or touch input. A shared desk must
 * not stay logged in as the last person who walked away (the server expires the session too).
 */
export function useIdleLock(minutes: number | null, onIdle: () => void): void {
  useEffect(() => {
    if (!minutes || minutes <= 0) return;
    // Counted from the last input before a reload too, so reloading does not reset the lock.
    let last = tabSession.lastActive() ?? Date.now();
    let saved = 0;
    const touch = () => {
      last = Date.now();
      if (last - saved > 2_000) {
        saved = last;
        tabSession.touch(last);
      }
    };
    for (const e of ACTIVITY) window.addEventListener(e, touch, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last >= minutes * 60_000) {
        window.clearInterval(timer);
        onIdle();
      }
    }, 5_000);
    return () => {
      window.clearInterval(timer);
      for (const e of ACTIVITY) window.removeEventListener(e, touch, { capture: true });
    };
  }, [minutes, onIdle]);
}
