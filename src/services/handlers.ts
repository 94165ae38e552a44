import type { Contract } from '../api/contract';
import type { HandlersFor } from './context';
import { coreHandlers } from './staff';
import { syncHandlers } from './sync/handlers';
import { receptionHandlers } from './reception';
import { standbyHandlers } from './standby';
import { reportsHandlers } from './reports';
import { filesHandlers } from './files';
import { backupHandlers } from './backup';
import { retentionHandlers } from './retention';
import { planningHandlers } from './planning';
import { hubHandlers } from '../hub/handlers';

/** One handler per contract method; a missing one is a type error. Areas spread theirs in. */
export const handlers: HandlersFor<Contract> = {
  ...coreHandlers,
  ...syncHandlers,
  ...receptionHandlers,
  ...standbyHandlers,
  ...reportsHandlers,
  ...filesHandlers,
  ...backupHandlers,
  ...retentionHandlers,
  ...planningHandlers,
  ...hubHandlers,
};
