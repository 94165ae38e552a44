import { z } from 'zod';
import { method, returns } from '../method';
import { Id, LocalDate } from '../schemas';
import type { DayReport } from '../../domain/report';

export type { DayReport };

export interface DayReportResult extends DayReport {
  /** Whether planning published a capacity for this day; without it the capacity bars are empty. */
  capacityKnown: boolean;
  closed: { at: string; by: string | null } | null;
  generatedAt: string;
}

export interface WeekDay {
  date: string;
  totals: DayReport['totals'];
  hours: DayReport['hours'];
}

export interface WeekReport {
  /** Monday and Sunday of the week (Brussels dates). */
  from: string;
  to: string;
  days: WeekDay[];
  totals: DayReport['totals'];
  vaccinations: DayReport['vaccinations'];
  generatedAt: string;
}

export interface CsvFile {
  filename: string;
  csv: string;
}

export interface WasteResult {
  lotId: string;
  productCode: string;
  lotNumber: string;
  doses: number;
  balance: number;
}

export const reportsContract = {
  'reports.day': method({
    role: 'coordinator',
    summary: 'The day report: arrivals, vaccinations by product, lot and dose, refusals, deferrals, no-shows, walk-ins, overrides, waste, per hour against capacity.',
    input: z.strictObject({ day: LocalDate.optional() }),
    result: returns<DayReportResult>(),
    emits: [],
  }),
  'reports.week': method({
    role: 'coordinator',
    summary: 'The same figures per day for the Monday-to-Sunday week around a day.',
    input: z.strictObject({ day: LocalDate.optional() }),
    result: returns<WeekReport>(),
    emits: [],
  }),
  'reports.exportCsv': method({
    role: 'coordinator',
    summary: 'The day or week report as CSV (cells that a spreadsheet would run as formulas are neutralised).',
    input: z.strictObject({ day: LocalDate.optional(), scope: z.enum(['day', 'week']).default('day') }),
    result: returns<CsvFile>(),
    emits: [],
  }),
  'reports.recordWaste': method({
    role: 'coordinator',
    summary: 'At closing: record doses of a lot that were lost (opened vials not used in time), with a reason.',
    input: z.strictObject({ lotId: Id, doses: z.number().int().min(1).max(50), reason: z.string().trim().min(3).max(500) }),
    result: returns<WasteResult>(),
    emits: ['stock'],
  }),
} as const;
