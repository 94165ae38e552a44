import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOnChange } from '../../changes';
import { useStore } from '../../store';
import { errorText } from '../../i18n/errors';
import type { SectionProps } from '../sections';
import { StaffTable } from './StaffTable';
import { CreateStaffForm } from './CreateStaffForm';
import { AuditLog } from './AuditLog';
import { SecuritySettings } from './SecuritySettings';
import { RetentionSettings } from './RetentionSettings';
import { CenterPanel } from '../center/CenterPanel';

/** Coordinators manage staff here and read the audit log. */
export default function StaffSection(_props: SectionProps) {
  const { t } = useTranslation();
  const load = useStore((s) => s.staff.load);
  const loadAudit = useStore((s) => s.staff.loadAudit);
  const [message, setMessage] = useState<string | null>(null);
  const error = useStore((s) => s.staff.error);
  const locale = useStore((s) => s.session.locale);

  useEffect(() => {
    void load();
    void loadAudit();
  }, [load, loadAudit]);
  useOnChange(['staff', 'settings'], () => {
    void load();
    // Only the newest page follows along; an older page stays put while someone reads it.
    const pages = useStore.getState().staff.auditPages;
    if (pages.length === 1) void loadAudit();
  });

  return (
    <section className="section" aria-labelledby="section-title">
      <h1 id="section-title" tabIndex={-1}>
        {t('staff.title')}
      </h1>
      <p className="flash" role="status" aria-live="polite">
        {message}
      </p>
      {error && (
        <p className="error" role="alert">
          {errorText(t, error, locale)}
        </p>
      )}
      <CreateStaffForm onDone={setMessage} />
      <StaffTable onDone={setMessage} />
      <CenterPanel onDone={setMessage} />
      <SecuritySettings onDone={setMessage} />
      <RetentionSettings onDone={setMessage} />
      <AuditLog />
    </section>
  );
}
