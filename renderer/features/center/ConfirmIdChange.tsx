import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../src/api/errors';

export interface IdChange {
  from: string;
  to: string;
  pulled: number;
}

/** The server's refusal of a Location id change, when it is one (details.reason centerIdChange). */
export function idChangeOf(e: ApiError | null): IdChange | null {
  const d = e?.details;
  if (e?.code !== 'CONFLICT' || d?.reason !== 'centerIdChange') return null;
  return { from: String(d.from), to: String(d.to), pulled: Number(d.pulled) };
}

/** Says what a change of the center's Location id means for invitations already pulled, and asks. */
export function ConfirmIdChange({ change, onConfirm, onCancel, busy }: { change: IdChange; onConfirm(): void; onCancel(): void; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="panel center-confirm" role="alertdialog" aria-labelledby="center-confirm-title" aria-describedby="center-confirm-text" data-testid="center-confirm">
      <h3 id="center-confirm-title">{t('center.confirmTitle')}</h3>
      <p id="center-confirm-text">{t('center.confirmText', { ...change })}</p>
      <div className="sync-actions">
        <button type="button" className="btn btn-danger" data-testid="center-confirm-yes" disabled={busy} onClick={onConfirm}>
          {t('center.confirm', { ...change })}
        </button>
        <button type="button" className="btn" data-testid="center-confirm-no" disabled={busy} onClick={onCancel} autoFocus>
          {t('center.cancel', { ...change })}
        </button>
      </div>
    </div>
  );
}
