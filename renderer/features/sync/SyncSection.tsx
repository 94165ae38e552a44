import { ComingSoon } from '../../shell/ComingSoon';

// Placeholder until the sync feature replaces this file (see renderer/README.md).
export default function SyncSection() {
  return <ComingSoon labelKey="nav.sync" />;
}
