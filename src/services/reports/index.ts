import type { reportsContract } from '../../api/contract/reports';
import type { paperContract } from '../../api/contract/paper';
import type { bulkContract } from '../../api/contract/bulk';
import type { HandlersFor } from '../context';
import { localDate } from '../../domain/time';
import { setStandbyWalkIn } from '../standby';
import { dayReportOf, weekReportOf } from './day-report';
import { dayReportCsv, weekReportCsv } from './export';
import { recordWaste } from './waste';
import { paperDayList } from './paper';
import { bulkRecord, bulkWalkin } from './bulk';
import { standbyWalkIn } from './standby-walkin';

// Accepted standby people become walk-ins through reception's service (registered once, at load).
setStandbyWalkIn(standbyWalkIn);

export const reportsHandlers: HandlersFor<typeof reportsContract & typeof paperContract & typeof bulkContract> = {
  'reports.day': (i, call) => dayReportOf(call.core.store, i.day ?? localDate(call.now()), call.now()),
  'reports.week': (i, call) => weekReportOf(call.core.store, i.day ?? localDate(call.now()), call.now()),
  'reports.exportCsv': (i, call) => {
    const day = i.day ?? localDate(call.now());
    return i.scope === 'week' ? weekReportCsv(weekReportOf(call.core.store, day, call.now())) : dayReportCsv(dayReportOf(call.core.store, day, call.now()));
  },
  'reports.recordWaste': (i, call) => recordWaste(call, i),
  'paper.dayList': (i, call) => paperDayList(call, i.day, i.blankRowsPerHour),
  'bulk.record': (i, call) => bulkRecord(call, i),
  'bulk.walkin': (i, call) => bulkWalkin(call, i),
  'bulk.entries': (i, call) => call.core.store.reports.lateForDay(i.day),
};
