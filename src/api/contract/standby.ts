import { z } from 'zod';
import { method, returns } from '../method';
import { DisplayName, Id, LocalDate, Reason } from '../schemas';
import { PRIORITY_GROUPS } from '../../domain/priority';
import type { StandbyEntry } from '../../db/standby';

export type StandbyItem = Omit<StandbyEntry, 'niss'> & { nissMasked: string };

const Phone = z.string().trim().min(6).max(20).regex(/^\+?[0-9 ./-]+$/, 'a phone number has digits, spaces, dots, dashes and an optional +');

export const standbyContract = {
  'standby.list': method({
    role: 'receptionist',
    summary: 'The standby list in call order (priority group, then sign-up time).',
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(200) }),
    result: returns<StandbyItem[]>(),
    emits: [],
  }),
  'standby.add': method({
    role: 'receptionist',
    summary: 'Put someone on the standby list for leftover doses (a second sign-up updates the first).',
    input: z.strictObject({
      niss: z.string().max(20),
      familyName: DisplayName,
      givenName: DisplayName,
      birthDate: LocalDate.optional(),
      phone: Phone,
      priorityGroup: z.enum(PRIORITY_GROUPS),
    }),
    result: returns<StandbyItem>(),
    emits: ['standby'],
  }),
  'standby.nextToCall': method({
    role: 'coordinator',
    summary: 'Who to call for a number of leftover doses, best first.',
    input: z.strictObject({ doses: z.number().int().min(1).max(200) }),
    result: returns<StandbyItem[]>(),
    emits: [],
  }),
  'standby.recordCall': method({
    role: 'coordinator',
    summary: 'Record the answer of a call; someone who accepts becomes a walk-in for today.',
    input: z.strictObject({ id: Id, result: z.enum(['accepted', 'declined', 'no-answer']) }),
    result: returns<StandbyItem>(),
    emits: ['standby', 'invitations'],
  }),
  'standby.remove': method({
    role: 'coordinator',
    summary: 'Take someone off the standby list, with a reason.',
    input: z.strictObject({ id: Id, reason: Reason }),
    result: returns<null>(),
    emits: ['standby'],
  }),
} as const;
