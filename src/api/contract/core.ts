import { z } from 'zod';
import { method, returns } from '../method';
import { DisplayName, Empty, Id, Locale, Pin, StaffRoleSchema } from '../schemas';
import { NewCenter } from './center';

export interface StaffSummary {
  id: string;
  displayName: string;
  role: 'receptionist' | 'coordinator';
  locale: 'nl' | 'fr' | 'en';
  active: boolean;
  lockedUntil: string | null;
}

export interface Me {
  staffId: string;
  displayName: string;
  role: 'receptionist' | 'coordinator';
  locale: 'nl' | 'fr' | 'en';
  deskId: string;
  idleLockMinutes: number;
}

export interface LoginResult {
  token: string;
  me: Me;
}

export interface AuditItem {
  seq: number;
  at: string;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: Record<string, unknown>;
}

export interface SecuritySettings {
  idleLockMinutes: number;
}

const DeskId = z.string().trim().min(1).max(40);

export const coreContract = {
  'session.status': method({
    role: 'public',
    summary: 'Whether the first coordinator must be created, and who can log in (for the login screen).',
    input: Empty,
    result: returns<{ setupRequired: boolean; centerRequired: boolean; staff: { id: string; displayName: string; role: 'receptionist' | 'coordinator' }[] }>(),
    emits: [],
  }),
  'setup.createFirstCoordinator': method({
    role: 'public',
    summary: 'On a fresh data folder only: create the first coordinator (and the center, when the folder has none) and log them in.',
    input: z.strictObject({ displayName: DisplayName, pin: Pin, locale: Locale.default('nl'), deskId: DeskId.default('desk-1'), center: NewCenter.optional() }),
    result: returns<LoginResult>(),
    emits: ['staff'],
  }),
  'session.login': method({
    role: 'public',
    summary: 'Log in with a staff member and PIN; five wrong PINs lock the account for five minutes.',
    input: z.strictObject({ staffId: Id, pin: z.string().max(12), deskId: DeskId.default('desk-1') }),
    result: returns<LoginResult>(),
    emits: ['staff'],
  }),
  'session.logout': method({
    role: 'receptionist',
    summary: 'End this session.',
    input: Empty,
    result: returns<null>(),
    emits: [],
  }),
  'session.me': method({
    role: 'receptionist',
    summary: 'Who is logged in on this session.',
    input: Empty,
    result: returns<Me>(),
    emits: [],
  }),
  'session.setLocale': method({
    role: 'receptionist',
    summary: 'Remember the interface language for the logged-in staff member.',
    input: z.strictObject({ locale: Locale }),
    result: returns<Me>(),
    emits: ['staff'],
  }),
  'staff.list': method({
    role: 'coordinator',
    summary: 'All staff members, active first.',
    input: Empty,
    result: returns<StaffSummary[]>(),
    emits: [],
  }),
  'staff.create': method({
    role: 'coordinator',
    summary: 'Add a staff member with a role and an initial PIN.',
    input: z.strictObject({ displayName: DisplayName, role: StaffRoleSchema, pin: Pin, locale: Locale.default('nl') }),
    result: returns<StaffSummary>(),
    emits: ['staff'],
  }),
  'staff.setActive': method({
    role: 'coordinator',
    summary: 'Deactivate (or reactivate) a staff member; their sessions end.',
    input: z.strictObject({ staffId: Id, active: z.boolean() }),
    result: returns<StaffSummary>(),
    emits: ['staff'],
  }),
  'staff.resetPin': method({
    role: 'coordinator',
    summary: "Set a new PIN for a staff member and lift a lock.",
    input: z.strictObject({ staffId: Id, pin: Pin }),
    result: returns<StaffSummary>(),
    emits: ['staff'],
  }),
  'audit.list': method({
    role: 'coordinator',
    summary: 'The audit log, newest first, paged by sequence number.',
    input: z.strictObject({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).default(100) }),
    result: returns<AuditItem[]>(),
    emits: [],
  }),
  'settings.getSecurity': method({
    role: 'receptionist',
    summary: 'Security settings (idle lock).',
    input: Empty,
    result: returns<SecuritySettings>(),
    emits: [],
  }),
  'settings.updateSecurity': method({
    role: 'coordinator',
    summary: 'Set after how many idle minutes a desk locks itself.',
    input: z.strictObject({ idleLockMinutes: z.number().int().min(1).max(240) }),
    result: returns<SecuritySettings>(),
    emits: ['settings'],
  }),
} as const;
