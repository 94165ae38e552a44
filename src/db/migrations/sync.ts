import { m0030 } from './0030-sync';
import { m0058 } from './0058-central-patients';

/** The sync area's migrations (versions 30-39; then 58, numbered above all that existed). */
export const syncMigrations = [m0030, m0058];
