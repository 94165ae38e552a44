import { ComingSoon } from '../../shell/ComingSoon';

// Placeholder until the reception feature replaces this file (see renderer/README.md).
export default function ReceptionSection() {
  return <ComingSoon labelKey="nav.reception" />;
}
