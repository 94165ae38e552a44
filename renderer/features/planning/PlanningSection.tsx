import { ComingSoon } from '../../shell/ComingSoon';

// Placeholder until the planning feature replaces this file (see renderer/README.md).
export default function PlanningSection() {
  return <ComingSoon labelKey="nav.planning" />;
}
