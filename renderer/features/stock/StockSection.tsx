import { ComingSoon } from '../../shell/ComingSoon';

// Placeholder until the stock feature replaces this file (see renderer/README.md).
export default function StockSection() {
  return <ComingSoon labelKey="nav.stock" />;
}
