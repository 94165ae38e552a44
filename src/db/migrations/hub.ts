import { m0062 } from './0062-hub-desks';
import { m0063 } from './0063-hub-feed';
import { m0064 } from './0064-hub-replication';

/** One center, many desks (issue 15): versions 62-65. */
export const hubMigrations = [m0062, m0063, m0064];
