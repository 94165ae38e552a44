import { m0050 } from './0050-people-purged';

/** Reliability's migrations (versions 50-59). */
export const reliabilityMigrations = [m0050];
