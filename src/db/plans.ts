import type { Db } from './open';
import type { DayPlan } from '../domain/slots';

export interface StoredDayPlan extends DayPlan {
  source: 'template' | 'exception';
  templateId: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface PlanTemplate {
  id: string;
  name: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  lanes: number;
  perLane: number;
  products: string[];
  updatedAt: string;
}

type RawPlan = Omit<StoredDayPlan, 'open' | 'products'> & { open: number; products: string };
type RawTemplate = Omit<PlanTemplate, 'weekdays' | 'products'> & { weekdays: string; products: string };
const PLAN_COLS = `day, open, opens_at AS opensAt, closes_at AS closesAt, slot_minutes AS slotMinutes, lanes, per_lane AS perLane, products,
  source, template_id AS templateId, updated_at AS updatedAt, updated_by AS updatedBy`;
const TEMPLATE_COLS = `id, name, weekdays, opens_at AS opensAt, closes_at AS closesAt, slot_minutes AS slotMinutes, lanes, per_lane AS perLane, products, updated_at AS updatedAt`;
const toPlan = (r: RawPlan): StoredDayPlan => ({ ...r, open: r.open === 1, products: JSON.parse(r.products) as string[] });
const toTemplate = (r: RawTemplate): PlanTemplate => ({ ...r, weekdays: JSON.parse(r.weekdays) as number[], products: JSON.parse(r.products) as string[] });

export function plansRepo(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO day_plans (day, open, opens_at, closes_at, slot_minutes, lanes, per_lane, products, source, template_id, updated_at, updated_by)
     VALUES (@day, @open, @opensAt, @closesAt, @slotMinutes, @lanes, @perLane, @products, @source, @templateId, @updatedAt, @updatedBy)
     ON CONFLICT (day) DO UPDATE SET open = excluded.open, opens_at = excluded.opens_at, closes_at = excluded.closes_at,
       slot_minutes = excluded.slot_minutes, lanes = excluded.lanes, per_lane = excluded.per_lane, products = excluded.products,
       source = excluded.source, template_id = excluded.template_id, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const byDay = db.prepare<[string], RawPlan>(`SELECT ${PLAN_COLS} FROM day_plans WHERE day = ?`);
  const range = db.prepare<[string, string], RawPlan>(`SELECT ${PLAN_COLS} FROM day_plans WHERE day >= ? AND day <= ? ORDER BY day`);
  const remove = db.prepare(`DELETE FROM day_plans WHERE day = ?`);
  const insertTemplate = db.prepare(
    `INSERT INTO plan_templates (id, name, weekdays, opens_at, closes_at, slot_minutes, lanes, per_lane, products, updated_at)
     VALUES (@id, @name, @weekdays, @opensAt, @closesAt, @slotMinutes, @lanes, @perLane, @products, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, weekdays = excluded.weekdays, opens_at = excluded.opens_at, closes_at = excluded.closes_at,
       slot_minutes = excluded.slot_minutes, lanes = excluded.lanes, per_lane = excluded.per_lane, products = excluded.products, updated_at = excluded.updated_at`,
  );
  const templates = db.prepare<[], RawTemplate>(`SELECT ${TEMPLATE_COLS} FROM plan_templates ORDER BY name`);
  const template = db.prepare<[string], RawTemplate>(`SELECT ${TEMPLATE_COLS} FROM plan_templates WHERE id = ?`);
  const templateByName = db.prepare<[string], RawTemplate>(`SELECT ${TEMPLATE_COLS} FROM plan_templates WHERE name = ? COLLATE NOCASE`);
  return {
    put: (p: StoredDayPlan) => void upsert.run({ ...p, open: p.open ? 1 : 0, products: JSON.stringify(p.products) }),
    get: (day: string) => {
      const r = byDay.get(day);
      return r ? toPlan(r) : undefined;
    },
    range: (from: string, to: string) => range.all(from, to).map(toPlan),
    remove: (day: string) => remove.run(day).changes > 0,
    putTemplate: (t: PlanTemplate) => void insertTemplate.run({ ...t, weekdays: JSON.stringify(t.weekdays), products: JSON.stringify(t.products) }),
    templates: () => templates.all().map(toTemplate),
    template: (id: string) => {
      const r = template.get(id);
      return r ? toTemplate(r) : undefined;
    },
    templateByName: (name: string) => {
      const r = templateByName.get(name);
      return r ? toTemplate(r) : undefined;
    },
  };
}
export type PlansRepo = ReturnType<typeof plansRepo>;
