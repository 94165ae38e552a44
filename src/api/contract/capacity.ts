import { z } from 'zod';
import { method, returns } from '../method';
import { Empty, Id, LocalDate, LocalTime, Reason } from '../schemas';
import type { CapacityDay, WhatIfDay } from '../../domain/capacity';
import type { CapacityVersion, PublishedSlot } from '../../db/capacity';

export type { CapacityDay, WhatIfDay, CapacityVersion, PublishedSlot };

export interface DayPlanView {
  day: string;
  open: boolean;
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  lanes: number;
  perLane: number;
  products: string[];
  source: 'template' | 'exception' | 'none';
  templateId: string | null;
  slots: { startAt: string; endAt: string; localTime: string; capacity: number }[];
  throughput: number;
}

export interface TemplateView {
  id: string;
  name: string;
  weekdays: number[];
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  lanes: number;
  perLane: number;
  products: string[];
}

export interface WhatIfResult {
  deliveryId: string;
  days: WhatIfDay[];
  peopleToMove: number;
}

const Hours = {
  opensAt: LocalTime,
  closesAt: LocalTime,
  slotMinutes: z.number().int('the slot length is whole minutes').min(5, 'a slot lasts at least 5 minutes').max(240, 'a slot of more than 240 minutes is not realistic'),
  lanes: z.number().int('lanes are a whole number').min(1, 'an open day needs at least 1 lane').max(100, 'more than 100 lanes is not realistic'),
  perLane: z.number().int('people per lane is a whole number').min(1, 'at least 1 person per lane per slot').max(50, 'more than 50 people per lane per slot is not realistic'),
  products: z.array(z.string().trim().toUpperCase().min(2).max(20)).min(1, 'choose at least one product for an open day').max(6),
};
const Range = { from: LocalDate, to: LocalDate };

export const capacityContract = {
  'plans.list': method({
    role: 'receptionist',
    summary: 'Day plans between two dates (at most 120 days), with their slots.',
    input: z.strictObject(Range),
    result: returns<DayPlanView[]>(),
    emits: [],
  }),
  'plans.setDay': method({
    role: 'coordinator',
    summary: 'Plan one day by hand (open with hours, slots, lanes and products, or closed). It survives re-applying a template.',
    input: z.discriminatedUnion('open', [
      z.strictObject({ day: LocalDate, open: z.literal(true), ...Hours }),
      z.strictObject({ day: LocalDate, open: z.literal(false) }),
    ]),
    result: returns<DayPlanView>(),
    emits: ['planning'],
  }),
  'plans.resetDay': method({
    role: 'coordinator',
    summary: 'Drop a hand-made exception: the day follows the template again the next time it is applied (or has no plan).',
    input: z.strictObject({ day: LocalDate }),
    result: returns<DayPlanView>(),
    emits: ['planning'],
  }),
  'plans.templates': method({
    role: 'receptionist',
    summary: 'The weekly templates.',
    input: Empty,
    result: returns<TemplateView[]>(),
    emits: [],
  }),
  'plans.saveTemplate': method({
    role: 'coordinator',
    summary: 'Create or change a weekly template (e.g. Mon, Wed, Fri 08:00–20:00 with 6 lanes).',
    input: z.strictObject({
      id: Id.optional(),
      name: z.string().trim().min(1, 'the template needs a name').max(60),
      weekdays: z.array(z.number().int().min(1, 'weekdays are 1 (Monday) to 7 (Sunday)').max(7, 'weekdays are 1 (Monday) to 7 (Sunday)')).min(1, 'choose at least one weekday').max(7),
      ...Hours,
    }),
    result: returns<TemplateView>(),
    emits: ['planning'],
  }),
  'plans.applyTemplate': method({
    role: 'coordinator',
    summary: 'Apply a weekly template to a date range (at most 26 weeks): its weekdays open, the others closed; days edited by hand are kept, and a day people are booked on is never closed (listed in keptBooked).',
    input: z.strictObject({ templateId: Id, ...Range }),
    result: returns<{ written: number; keptExceptions: string[]; keptBooked: string[] }>(),
    emits: ['planning'],
  }),
  'capacity.view': method({
    role: 'receptionist',
    summary: 'Per day: throughput, dose-bounded capacity, booked, what would be published, what is published, warnings and a whole-vial proposal.',
    input: z.strictObject(Range),
    result: returns<{ today: string; days: CapacityDay[] }>(),
    emits: [],
  }),
  'capacity.whatIf': method({
    role: 'receptionist',
    summary: 'Without changing anything: which days become over-booked if an expected delivery is late, short or cancelled, and how many people would have to move.',
    input: z.strictObject({
      deliveryId: Id,
      kind: z.enum(['late', 'short', 'cancelled']),
      date: LocalDate.optional(),
      doses: z.number().int().min(0, 'doses cannot be negative').max(1_000_000).optional(),
      ...Range,
    }),
    result: returns<WhatIfResult>(),
    emits: [],
  }),
  'capacity.publish': method({
    role: 'coordinator',
    summary: 'Publish the capacity of a date range as a new version (slots per day, never above dose-bounded capacity); the sync pushes it.',
    input: z.strictObject({ ...Range, roundToVials: z.boolean().default(false), reason: Reason.optional() }),
    result: returns<{ version: number | null; changed: boolean; days: { day: string; published: number }[] }>(),
    emits: ['planning'],
  }),
  'capacity.versions': method({
    role: 'receptionist',
    summary: 'The latest published capacity versions.',
    input: z.strictObject({ limit: z.number().int().min(1).max(100).default(20) }),
    result: returns<CapacityVersion[]>(),
    emits: [],
  }),
} as const;
