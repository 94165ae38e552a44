import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { useStore } from '../../store';

function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

export function AuditLog() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const items = useStore((s) => s.staff.audit);
  const pages = useStore((s) => s.staff.auditPages);
  const hasOlder = useStore((s) => s.staff.auditHasOlder);
  const older = useStore((s) => s.staff.auditOlder);
  const newer = useStore((s) => s.staff.auditNewer);

  return (
    <div className="panel audit" aria-labelledby="audit-title">
      <div className="panel-head">
        <h2 id="audit-title">{t('audit.title')}</h2>
        <div className="pager">
          <button type="button" className="btn btn-small" disabled={pages.length <= 1} onClick={() => void newer()}>
            ← {t('common.previous')}
          </button>
          <span data-testid="audit-page">{t('audit.page', { page: pages.length })}</span>
          <button type="button" className="btn btn-small" disabled={!hasOlder} onClick={() => void older()}>
            {t('common.next')} →
          </button>
        </div>
      </div>
      {items.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.seq} data-seq={a.seq}>
                <td className="nowrap">{formatDateTime(a.at, locale)}</td>
                <td>{a.actorName ?? t('audit.system')}</td>
                {/* Other features' actions have no translation yet: their code is still meaningful. */}
                <td data-action={a.action}>{t(`auditAction.${a.action}`, { defaultValue: a.action })}</td>
                <td className="detail">{detailText(a.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
