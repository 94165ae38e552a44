import { m0010 } from './0010-deliveries';
import { m0011 } from './0011-day-plans';
import { m0012 } from './0012-capacity-versions';

/** Planning's migrations (versions 10-19). */
export const planningMigrations = [m0010, m0011, m0012];
