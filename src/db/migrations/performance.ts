import { m0040 } from './0040-day-counters-index';

/** Indexes the benchmark showed were missing (versions 40-44). */
export const performanceMigrations = [m0040];
