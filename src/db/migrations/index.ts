import type { Migration } from './types';
import { m0001 } from './0001-staff-and-audit';
import { m0002 } from './0002-settings-and-outbox';
import { m0003 } from './0003-people-and-invitations';
import { m0004 } from './0004-products-and-lots';
import { m0045 } from './0045-standby';
import { m0036 } from './0036-file-imports';
import { receptionMigrations } from './reception';
import { syncMigrations } from './sync';
import { reportsMigrations } from './reports';
import { planningMigrations } from './planning';
import { reliabilityMigrations } from './reliability';
import { performanceMigrations } from './performance';
import { hubMigrations } from './hub';

/**
 * Append-only. Version numbers are grouped by area (1-9 core, 10-19 planning, 20-29 reception,
 * 30-39 sync, 40-49 reports, 50-59 reliability) so that areas built in parallel never collide.
 */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, ...receptionMigrations, ...syncMigrations, m0036, m0045, ...reportsMigrations, ...planningMigrations, ...reliabilityMigrations, ...performanceMigrations, ...hubMigrations].sort((a, b) => a.version - b.version);

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
