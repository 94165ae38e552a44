import { m0040 } from './0040-day-counters-index';
import { m0041 } from './0041-day-name-tokens';

/** Indexes the benchmark showed were missing (versions 40-44). */
export const performanceMigrations = [m0040, m0041];
