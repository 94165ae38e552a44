import { m0046 } from './0046-late-entries';

/** Reports' migrations (versions 46-49; 45 is the standby list, 40-44 the benchmark's). */
export const reportsMigrations = [m0046];
