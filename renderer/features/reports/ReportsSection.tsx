import { ComingSoon } from '../../shell/ComingSoon';

// Placeholder until the reports feature replaces this file (see renderer/README.md).
export default function ReportsSection() {
  return <ComingSoon labelKey="nav.reports" />;
}
