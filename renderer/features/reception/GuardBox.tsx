import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The banner of a guard and its deliberate override: every reason to stop is listed, and going
 * ahead needs a typed reason (kept in the audit log) and a button of its own.
 */
export function GuardBox(props: { texts: { key: string; text: string }[]; reasonLabel: string; confirmLabel: string; busy: boolean; onConfirm: (reason: string) => void; onCancel: () => void; ids: { box: string; reason: string; confirm: string } }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    // The confirm and cancel buttons must be on screen at 1366×768, not below the fold.
    box.current?.scrollIntoView?.({ block: 'nearest' });
  }, [props.texts.length]);
  const ok = reason.trim().length >= 3;
  return (
    <div ref={box} className="rx-guards" role="alert" data-testid={props.ids.box}>
      <ul>
        {props.texts.map((g) => (
          <li key={g.key} className="rx-guard" data-guard={g.key}>
            {g.text}
          </li>
        ))}
      </ul>
      <label className="field">
        <span>{props.reasonLabel}</span>
        <input
          ref={input}
          data-testid={props.ids.reason}
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && ok) props.onConfirm(reason.trim());
          }}
        />
      </label>
      <div className="rx-actions">
        <button type="button" className="btn btn-danger" disabled={props.busy || !ok} onClick={() => props.onConfirm(reason.trim())} data-testid={props.ids.confirm}>
          {props.confirmLabel}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
