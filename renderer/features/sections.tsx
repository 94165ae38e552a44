import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { StaffRole } from '../../src/api/method';

/** What every section component receives. */
export interface SectionProps {
  /** True when the logged-in role may look but not change (e.g. receptionists in Stock). */
  readOnly: boolean;
}

export interface SectionDef {
  id: 'reception' | 'planning' | 'stock' | 'sync' | 'reports' | 'staff';
  /** i18n key of the menu label (and the section's default heading). */
  labelKey: string;
  /** Roles that see the section in the menu. The API refuses the rest anyway. */
  roles: readonly StaffRole[];
  /** Roles that see it read-only (subset of roles). */
  readOnlyFor?: readonly StaffRole[];
  component: LazyExoticComponent<ComponentType<SectionProps>>;
}

// Each feature owns its folder; replace the component file there to bring your section in.
export const SECTIONS: readonly SectionDef[] = [
  { id: 'reception', labelKey: 'nav.reception', roles: ['receptionist', 'coordinator'], component: lazy(() => import('./reception/ReceptionSection')) },
  { id: 'planning', labelKey: 'nav.planning', roles: ['receptionist', 'coordinator'], component: lazy(() => import('./planning/PlanningSection')) },
  { id: 'stock', labelKey: 'nav.stock', roles: ['receptionist', 'coordinator'], readOnlyFor: ['receptionist'], component: lazy(() => import('./stock/StockSection')) },
  { id: 'sync', labelKey: 'nav.sync', roles: ['coordinator'], component: lazy(() => import('./sync/SyncSection')) },
  { id: 'reports', labelKey: 'nav.reports', roles: ['coordinator'], component: lazy(() => import('./reports/ReportsSection')) },
  { id: 'staff', labelKey: 'nav.staff', roles: ['coordinator'], component: lazy(() => import('./staff/StaffSection')) },
];

export function sectionsFor(role: StaffRole): SectionDef[] {
  return SECTIONS.filter((s) => s.roles.includes(role));
}
