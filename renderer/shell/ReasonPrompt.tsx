import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Asks for the reason of a deliberate step (undo, reopen) inline. Not window.prompt: Electron does
 * not implement it, and a modal browser dialog would block the whole desk.
 */
export function ReasonPrompt(props: { label: string; confirmLabel: string; onConfirm: (reason: string) => void; onCancel: () => void; testId?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const form = useRef<HTMLFormElement>(null);
  // At 1366×768 the prompt can open below the fold: bring its buttons into view.
  useEffect(() => {
    form.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);
  const ok = text.trim().length >= 3;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ok) props.onConfirm(text.trim());
  };
  return (
    <form ref={form} className="reason-prompt" onSubmit={submit} data-testid={props.testId} onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <label className="field">
        <span>{props.label}</span>
        <input autoFocus value={text} maxLength={500} onChange={(e) => setText(e.target.value)} data-testid={props.testId ? `${props.testId}-input` : undefined} />
      </label>
      <button type="submit" className="btn btn-primary" disabled={!ok}>
        {props.confirmLabel}
      </button>
      <button type="button" className="btn" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
