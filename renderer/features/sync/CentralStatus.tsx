import { useTranslation } from 'react-i18next';

/**
 * The status bar's slot for the connection to the central system. The sync feature replaces this
 * file with the live state (last pull, pending outbox, errors).
 */
export function CentralStatus() {
  const { t } = useTranslation();
  return (
    <span className="central-status" data-state="unconfigured">
      <span className="dot" aria-hidden="true" />
      {t('status.notConfigured')}
    </span>
  );
}
