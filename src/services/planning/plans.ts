import { randomUUID } from 'node:crypto';
import { AppError } from '../../api/errors';
import type { capacityContract, TemplateView } from '../../api/contract/capacity';
import type { PlanTemplate, StoredDayPlan } from '../../db/plans';
import type { Store } from '../../db/store';
import { hoursProblem, isoWeekday } from '../../domain/slots';
import { addDays } from '../../domain/time';
import { audit } from '../audit-log';
import type { Call, HandlersFor } from '../context';
import { checkRange, notPast, planView } from './common';

type PlanHandlers = Pick<HandlersFor<typeof capacityContract>, 'plans.list' | 'plans.setDay' | 'plans.resetDay' | 'plans.templates' | 'plans.saveTemplate' | 'plans.applyTemplate'>;

const MAX_TEMPLATE_DAYS = 182;

interface Hours {
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  lanes: number;
  perLane: number;
  products: string[];
}

/** Hours that fit and products that exist and are active; otherwise a message that says what to fix. */
function checkHours(store: Store, h: Hours): void {
  const problem = hoursProblem(h);
  if (problem) throw new AppError('INVALID_INPUT', problem.message, { field: problem.field });
  const seen = new Set<string>();
  for (const code of h.products) {
    const p = store.lots.product(code);
    if (!p) throw new AppError('INVALID_INPUT', `Unknown product ${code}; choose one from the catalog.`, { field: 'products' });
    if (!p.active) throw new AppError('INVALID_INPUT', `${p.name} is not active; activate it in the catalog or choose another product.`, { field: 'products' });
    if (seen.has(code)) throw new AppError('INVALID_INPUT', `${p.name} is listed twice.`, { field: 'products' });
    seen.add(code);
  }
}

const templateView = (t: PlanTemplate): TemplateView => ({
  id: t.id,
  name: t.name,
  weekdays: t.weekdays,
  opensAt: t.opensAt,
  closesAt: t.closesAt,
  slotMinutes: t.slotMinutes,
  lanes: t.lanes,
  perLane: t.perLane,
  products: t.products,
});

function closedPlan(day: string, base: StoredDayPlan | undefined, call: Call, source: StoredDayPlan['source'], templateId: string | null): StoredDayPlan {
  return {
    day,
    open: false,
    opensAt: base?.opensAt ?? '08:00',
    closesAt: base?.closesAt ?? '20:00',
    slotMinutes: base?.slotMinutes ?? 15,
    lanes: 0,
    perLane: 0,
    products: [],
    source,
    templateId,
    updatedAt: call.now().toISOString(),
    updatedBy: call.me().displayName,
  };
}

export const planHandlers: PlanHandlers = {
  'plans.list': (i, call) => {
    checkRange(i.from, i.to);
    const plans = new Map(call.core.store.plans.range(i.from, i.to).map((p) => [p.day, p]));
    const out = [];
    for (let d = i.from; d <= i.to; d = addDays(d, 1)) out.push(planView(d, plans.get(d)));
    return out;
  },

  'plans.setDay': (i, call) => {
    const { store } = call.core;
    notPast(call, i.day, 'day', 'The day');
    return store.tx(() => {
      const before = store.plans.get(i.day);
      let plan: StoredDayPlan;
      if (i.open) {
        const h = { opensAt: i.opensAt, closesAt: i.closesAt, slotMinutes: i.slotMinutes, lanes: i.lanes, perLane: i.perLane, products: i.products };
        checkHours(store, h);
        plan = { day: i.day, open: true, ...h, source: 'exception', templateId: null, updatedAt: call.now().toISOString(), updatedBy: call.me().displayName };
      } else {
        plan = closedPlan(i.day, before, call, 'exception', null);
      }
      store.plans.put(plan);
      audit(call, 'plans.setDay', 'dayPlan', i.day, { before: before ?? null, after: plan });
      return planView(i.day, plan);
    });
  },

  'plans.resetDay': (i, call) => {
    const { store } = call.core;
    notPast(call, i.day, 'day', 'The day');
    return store.tx(() => {
      const before = store.plans.get(i.day);
      if (!before || before.source !== 'exception') throw new AppError('CONFLICT', `${i.day} has no hand-made exception to drop.`, { field: 'day' });
      store.plans.remove(i.day);
      audit(call, 'plans.resetDay', 'dayPlan', i.day, { before });
      return planView(i.day, undefined);
    });
  },

  'plans.templates': (_i, call) => call.core.store.plans.templates().map(templateView),

  'plans.saveTemplate': (i, call) => {
    const { store } = call.core;
    const weekdays = [...new Set(i.weekdays)].sort();
    return store.tx(() => {
      checkHours(store, i);
      const id = i.id ?? randomUUID();
      if (i.id && !store.plans.template(i.id)) throw new AppError('NOT_FOUND', 'This template does not exist.', { field: 'id' });
      const same = store.plans.templateByName(i.name);
      if (same && same.id !== id) throw new AppError('CONFLICT', `A template called "${i.name}" already exists; choose another name.`, { field: 'name' });
      const t: PlanTemplate = { id, name: i.name, weekdays, opensAt: i.opensAt, closesAt: i.closesAt, slotMinutes: i.slotMinutes, lanes: i.lanes, perLane: i.perLane, products: i.products, updatedAt: call.now().toISOString() };
      store.plans.putTemplate(t);
      audit(call, 'plans.saveTemplate', 'planTemplate', id, { ...t });
      return templateView(t);
    });
  },

  'plans.applyTemplate': (i, call) => {
    const { store } = call.core;
    checkRange(i.from, i.to, MAX_TEMPLATE_DAYS);
    notPast(call, i.from, 'from', 'The first day');
    return store.tx(() => {
      const t = store.plans.template(i.templateId);
      if (!t) throw new AppError('NOT_FOUND', 'This template does not exist.', { field: 'templateId' });
      // A product deactivated since the template was saved must not open days silently.
      checkHours(store, t);
      const existing = new Map(store.plans.range(i.from, i.to).map((p) => [p.day, p]));
      const kept: string[] = [];
      const keptBooked: string[] = [];
      let written = 0;
      for (let d = i.from; d <= i.to; d = addDays(d, 1)) {
        const cur = existing.get(d);
        if (cur?.source === 'exception') {
          kept.push(d);
          continue;
        }
        // A template never closes a day people are booked on: they would all have to be moved,
        // silently. The day stays as it was; the coordinator closes it by hand if that is meant.
        if (!t.weekdays.includes(isoWeekday(d)) && (cur?.open ?? true) && store.invitations.countForDay(d) > 0) {
          keptBooked.push(d);
          continue;
        }
        const plan: StoredDayPlan = t.weekdays.includes(isoWeekday(d))
          ? { day: d, open: true, opensAt: t.opensAt, closesAt: t.closesAt, slotMinutes: t.slotMinutes, lanes: t.lanes, perLane: t.perLane, products: t.products, source: 'template', templateId: t.id, updatedAt: call.now().toISOString(), updatedBy: call.me().displayName }
          : closedPlan(d, t as unknown as StoredDayPlan, call, 'template', t.id);
        store.plans.put(plan);
        written++;
      }
      audit(call, 'plans.applyTemplate', 'planTemplate', t.id, { from: i.from, to: i.to, written, keptExceptions: kept, keptBooked });
      return { written, keptExceptions: kept, keptBooked };
    });
  },
};
