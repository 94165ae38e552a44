import { m0052 } from './0052-request-log';

/** Migrations of the security work of issue 13 (52, 53). */
export const securityMigrations = [m0052];
