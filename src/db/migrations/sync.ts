import { m0030 } from './0030-sync';

/** The sync area's migrations (versions 30-39). */
export const syncMigrations = [m0030];
