import type { HandlersFor } from '../context';
import type { planningContract } from '../../api/contract/planning';
import type { capacityContract } from '../../api/contract/capacity';
import { stockHandlers } from './stock';
import { planHandlers } from './plans';
import { capacityHandlers } from './capacity';
import { registerPlanningReaders } from './day-capacity';

export { dayCapacity, capacitySource } from './day-capacity';

registerPlanningReaders();

export const planningHandlers: HandlersFor<typeof planningContract & typeof capacityContract> = {
  ...stockHandlers,
  ...planHandlers,
  ...capacityHandlers,
};
