import { m0060 } from './0060-center';

/** The center's own identity (issue 18; versions 60-61). */
export const centerMigrations = [m0060];
