import { z } from 'zod';
import { method, returns } from '../method';
import { LocalDate } from '../schemas';

export interface PaperRow {
  invitationId: string;
  /** The invitation code, printed as a barcode so the bulk entry afterwards is one scan. */
  code: string;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  nissMasked: string | null;
  time: string;
  doseNumber: number;
  productCode: string | null;
}

export interface PaperList {
  day: string;
  centerName: string | null;
  generatedAt: string;
  total: number;
  hours: { hour: string; rows: PaperRow[] }[];
  /** Empty lines printed under each hour for walk-ins written in by hand. */
  blankRowsPerHour: number;
}

export const paperContract = {
  'paper.dayList': method({
    role: 'receptionist',
    summary: "The paper fallback: a day's list per hour (name, birth date, masked national number, dose, invitation code). Tomorrow unless a day is given.",
    input: z.strictObject({ day: LocalDate.optional(), blankRowsPerHour: z.number().int().min(0).max(30).default(4) }),
    result: returns<PaperList>(),
    emits: [],
  }),
} as const;
