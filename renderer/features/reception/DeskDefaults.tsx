import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useStore } from '../../store';

/** The product and lot this desk vaccinates from, set once per session. */
export function DeskDefaults() {
  const { t } = useTranslation();
  const options = useStore((s) => s.reception.options);
  const refresh = useStore((s) => s.reception.refresh);
  if (!options) return null;
  const lots = options.lots.filter((l) => l.usable);
  const choose = async (lotId: string) => {
    await api['desk.setDefaults']({ productCode: null, lotId: lotId || null });
    void refresh();
  };
  return (
    <label className="rx-defaults">
      <span>{t('reception.deskLot')}</span>
      <select value={options.defaults.lotId ?? ''} onChange={(e) => void choose(e.target.value)} data-testid="rx-desk-lot">
        <option value="">{t('reception.noDefault')}</option>
        {lots.map((l) => (
          <option key={l.lotId} value={l.lotId}>
            {l.productCode} · {l.lotNumber} ({l.balance})
          </option>
        ))}
      </select>
    </label>
  );
}
