import { m0020 } from './0020-arrivals';
import { m0021 } from './0021-outcomes';
import { m0022 } from './0022-day-closures';

/** Reception's migrations (versions 20-29). */
export const receptionMigrations = [m0020, m0021, m0022];
