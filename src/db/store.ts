import fs from 'node:fs';
import type { Db } from './open';
import { BACKSTOP_PAGES } from './checkpointer';
import { staffRepo } from './staff';
import { auditRepo } from './audit';
import { settingsRepo } from './settings';
import { outboxRepo } from './outbox';
import { peopleRepo } from './people';
import { invitationsRepo } from './invitations';
import { lotsRepo } from './lots';
import { standbyRepo } from './standby';
import { arrivalsRepo } from './arrivals';
import { receptionSearchRepo } from './reception-search';
import { reportsRepo } from './reports';
import { syncRepo } from './sync';
import { filesRepo } from './files';
import { deliveriesRepo } from './deliveries';
import { plansRepo } from './plans';
import { capacityRepo } from './capacity';
import { hubRepo } from './hub';
import { copyRepo } from './hub-copy';
import { txHooks } from './tx-hooks';

/**
 * Every repository over one connection. Services receive this and never see SQL.
 * Areas add their repository here (one line each).
 */
export function createStore(db: Db, opts: { walBackstopPages?: number } = {}) {
  const backstop = opts.walBackstopPages ?? BACKSTOP_PAGES;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return {
    db,
    staff: staffRepo(db),
    audit: auditRepo(db),
    settings: settingsRepo(db),
    outbox: outboxRepo(db),
    people: peopleRepo(db),
    invitations: invitationsRepo(db),
    lots: lotsRepo(db),
    standby: standbyRepo(db),
    arrivals: arrivalsRepo(db),
    receptionSearch: receptionSearchRepo(db),
    reports: reportsRepo(db),
    files: filesRepo(db),
    sync: syncRepo(db),
    deliveries: deliveriesRepo(db),
    plans: plansRepo(db),
    capacity: capacityRepo(db),
    hub: hubRepo(db),
    copy: copyRepo(db),
    /** Runs fn in one IMMEDIATE transaction: the local change, its outbox entry and its audit row commit together. */
    tx<T>(fn: () => T): T {
      return db.transaction(() => txHooks.runInside(fn)).immediate();
    },
    /**
     * The same for a bulk write while the desk is quiet (a pull's batch): if the WAL has grown past
     * BACKSTOP_PAGES, the commit checkpoints it here and the next write starts it over. Only here:
     * done by a check-in's commit, that copy stalled the desk for half a second.
     */
    txBulk<T>(fn: () => T): T {
      const auto = db.pragma('wal_autocheckpoint', { simple: true }) as number;
      // 0 = the checkpoint thread runs; otherwise the connection already checkpoints itself.
      if (auto !== 0) return db.transaction(fn).immediate();
      db.pragma(`wal_autocheckpoint = ${backstop}`);
      try {
        return db.transaction(fn).immediate();
      } finally {
        db.pragma('wal_autocheckpoint = 0');
      }
    },
    /**
     * Whether the WAL file is past the backstop, i.e. has not started over since it grew that far
     * (journal_size_limit cuts it back when it does). Small writes that never stop (a pull's slices
     * while staff work) leave the checkpoint thread no moment with nothing left to copy.
     */
    walPastBackstop(): boolean {
      try {
        return fs.statSync(`${db.name}-wal`).size > backstop * pageSize;
      } catch {
        return false;
      }
    },
  };
}
export type Store = ReturnType<typeof createStore>;
