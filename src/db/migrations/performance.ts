import { m0040 } from './0040-day-counters-index';
import { m0041 } from './0041-day-name-tokens';
import { m0051 } from './0051-name-keys';

/** Indexes the benchmark showed were missing (40, 41; then 51, numbered above all that existed). */
export const performanceMigrations = [m0040, m0041, m0051];
