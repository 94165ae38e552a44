import { z } from 'zod';

/**
 * Shared building blocks for contract inputs. Every string and array has a maximum: the
 * renderer and the network are untrusted and a 10 MB name must be refused at the door.
 */
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'invalid id');
export const LocalDate = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');
export const LocalTime = z.string().max(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
export const Instant = z.iso.datetime({ offset: true }).max(40);
export const Pin = z.string().min(4).max(12).regex(/^\d+$/, 'the PIN is digits only');
export const DisplayName = z.string().trim().min(1).max(80);
export const Text = (max: number) => z.string().max(max);
export const Reason = z.string().trim().min(3).max(500);
export const Locale = z.enum(['nl', 'fr', 'en']);
export const StaffRoleSchema = z.enum(['receptionist', 'coordinator']);
export const Empty = z.strictObject({});
