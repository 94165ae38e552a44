import { m0050 } from './0050-people-purged';
import { m0054 } from './0054-audit-keyed-chain';

/** Reliability's migrations (versions 50-59). */
export const reliabilityMigrations = [m0050, m0054];
