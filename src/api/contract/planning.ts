import { z } from 'zod';
import { method, returns } from '../method';
import { Empty, Id, LocalDate, Reason } from '../schemas';
import type { ExpiryState } from '../../domain/stock';

/**
 * Products, deliveries and stock. Coordinators change; receptionists may look (the desk needs
 * to see which lots are on the shelf). Planning's day plans and capacity are in capacity.ts.
 */
export interface ProductView {
  code: string;
  name: string;
  manufacturer: string;
  dosesPerVial: number;
  dosesInSeries: number;
  minIntervalDays: number | null;
  plannedIntervalDays: number | null;
  openVialHours: number;
  active: boolean;
}

export interface LotView {
  lotId: string;
  productCode: string;
  lotNumber: string;
  expiryDate: string;
  vials: number;
  dosesPerVial: number;
  receivedAt: string;
  receivedBy: string | null;
  deliveryId: string | null;
  received: number;
  administered: number;
  wasted: number;
  corrected: number;
  balance: number;
  expiry: ExpiryState;
  usable: boolean;
}

export interface DeliveryView {
  id: string;
  productCode: string;
  expectedDate: string;
  expectedDoses: number;
  originalDate: string;
  originalDoses: number;
  status: 'expected' | 'received' | 'cancelled';
  /** Derived: received fewer doses than announced, or arriving after the announced date. */
  short: boolean;
  late: boolean;
  receivedDoses: number;
  lots: { lotId: string; lotNumber: string; expiryDate: string; doses: number }[];
  note: string;
}

export interface StockOverview {
  today: string;
  products: { productCode: string; name: string; usable: number; expiringSoon: number; expiredOnShelf: number; expected: number }[];
  lots: LotView[];
}

const ProductCode = z.string().trim().toUpperCase().min(2, 'the product code needs at least 2 characters').max(20).regex(/^[A-Z0-9_-]+$/, 'use letters, digits, - or _ only');
const Doses = (what: string, max: number) =>
  z.number({ message: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(max, `${what} above ${max} is not realistic; check the number`);
const Interval = z.number().int('the interval is a whole number of days').min(1, 'an interval is at least 1 day').max(365, 'an interval above 365 days is not realistic').nullable();

const ProductFields = {
  name: z.string().trim().min(1, 'the name is empty').max(60),
  manufacturer: z.string().trim().min(1, 'the manufacturer is empty').max(60),
  dosesPerVial: Doses('doses per vial', 50),
  dosesInSeries: z.number().int().min(1, 'a series has at least 1 dose').max(5, 'a series of more than 5 doses is not realistic'),
  minIntervalDays: Interval,
  plannedIntervalDays: Interval,
  openVialHours: z.number().int().min(1, 'an opened vial stays usable at least 1 hour').max(72, 'more than 72 hours for an opened vial is not realistic'),
  active: z.boolean().default(true),
};

export const LotInput = z.strictObject({
  lotNumber: z.string().trim().min(1, 'the lot number is empty').max(40).regex(/^[A-Za-z0-9./-]+$/, 'the lot number has letters, digits, . / - only'),
  expiryDate: LocalDate,
  vials: Doses('vials', 10_000),
  dosesPerVial: Doses('doses per vial', 50),
});

export const planningContract = {
  'products.list': method({
    role: 'receptionist',
    summary: 'The vaccine catalog: doses per vial, intervals between doses, how long an opened vial lasts.',
    input: Empty,
    result: returns<ProductView[]>(),
    emits: [],
  }),
  'products.create': method({
    role: 'coordinator',
    summary: 'Add a vaccine product to the catalog.',
    input: z.strictObject({ code: ProductCode, ...ProductFields }),
    result: returns<ProductView>(),
    emits: ['stock', 'planning'],
  }),
  'products.update': method({
    role: 'coordinator',
    summary: 'Change a product (vial size, intervals, opened-vial hours, active).',
    input: z.strictObject({ code: ProductCode, ...ProductFields }),
    result: returns<ProductView>(),
    emits: ['stock', 'planning'],
  }),
  'deliveries.list': method({
    role: 'receptionist',
    summary: 'Deliveries expected or received between two dates, and every expected one still open.',
    input: z.strictObject({ from: LocalDate, to: LocalDate }),
    result: returns<DeliveryView[]>(),
    emits: [],
  }),
  'deliveries.expect': method({
    role: 'coordinator',
    summary: 'Record an announced delivery (date, product, doses). It is shown as a risk, never as stock.',
    input: z.strictObject({ productCode: ProductCode, date: LocalDate, doses: Doses('expected doses', 1_000_000), note: z.string().max(200).default('') }),
    result: returns<DeliveryView>(),
    emits: ['stock', 'planning'],
  }),
  'deliveries.receive': method({
    role: 'coordinator',
    summary: 'Receive doses as lots (number, expiry, vials, doses per vial), for an expected delivery or unannounced. Fewer doses than expected = short.',
    input: z.strictObject({
      deliveryId: Id.optional(),
      productCode: ProductCode.optional(),
      receivedAt: z.iso.datetime({ offset: true }).max(40).optional(),
      lots: z.array(LotInput).min(1, 'add at least one lot').max(20, 'at most 20 lots per reception'),
    }),
    result: returns<DeliveryView>(),
    emits: ['stock', 'planning'],
  }),
  'deliveries.reschedule': method({
    role: 'coordinator',
    summary: 'An expected delivery will be late (or early): move its date.',
    input: z.strictObject({ deliveryId: Id, date: LocalDate, reason: Reason.optional() }),
    result: returns<DeliveryView>(),
    emits: ['stock', 'planning'],
  }),
  'deliveries.reduce': method({
    role: 'coordinator',
    summary: 'An expected delivery will be short: lower the doses announced.',
    input: z.strictObject({ deliveryId: Id, doses: Doses('expected doses', 1_000_000), reason: Reason.optional() }),
    result: returns<DeliveryView>(),
    emits: ['stock', 'planning'],
  }),
  'deliveries.cancel': method({
    role: 'coordinator',
    summary: 'An expected delivery will not come.',
    input: z.strictObject({ deliveryId: Id, reason: Reason.optional() }),
    result: returns<DeliveryView>(),
    emits: ['stock', 'planning'],
  }),
  'stock.overview': method({
    role: 'receptionist',
    summary: 'Stock per product and lot (received − administered − wasted − corrections), with expiry warnings.',
    input: Empty,
    result: returns<StockOverview>(),
    emits: [],
  }),
  'stock.correct': method({
    role: 'coordinator',
    summary: 'Correct a lot (doses lost, broken vial, extra dose drawn). Refused if stock would go negative.',
    input: z.strictObject({
      lotId: Id,
      kind: z.enum(['wasted', 'correction']),
      delta: z.number().int('a correction is a whole number of doses').min(-100_000).max(100_000),
      reason: Reason,
    }),
    result: returns<LotView>(),
    emits: ['stock', 'planning'],
  }),
} as const;
