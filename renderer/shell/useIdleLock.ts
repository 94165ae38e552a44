import { useEffect } from 'react';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Calls onIdle once after `minutes` without keyboard, mouse or touch input. A shared desk must
 * not stay logged in as the last person who walked away (the server expires the session too).
 */
export function useIdleLock(minutes: number | null, onIdle: () => void): void {
  useEffect(() => {
    if (!minutes || minutes <= 0) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
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
