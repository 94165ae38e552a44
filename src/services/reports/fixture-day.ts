import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../testing/harness';
import { makeNiss } from '../../domain/niss';
import { brusselsInstant } from '../../domain/time';

/**
 * Test data for the reports' tests: people, invitations and lots written through the repositories
 * (as an import or a delivery would), everything that happens on the day through the real API.
 */
export const CENTER = { id: 'center-r', name: 'Centre Heizel' };
let counter = 200;

export function at(t: TestApp, day: string, time: string): void {
  t.clock.set(brusselsInstant(day, time).toISOString());
}

export function book(t: TestApp, p: { familyName: string; givenName?: string; birthDate?: string; day: string; time: string; doseNumber?: number; code?: string }) {
  const birthDate = p.birthDate ?? '1950-03-14';
  const niss = makeNiss(birthDate, counter++);
  const person = { id: randomUUID(), niss, familyName: p.familyName, givenName: p.givenName ?? 'Anna', birthDate, phone: null };
  t.core.store.people.insert(person, t.clock().toISOString());
  const start = brusselsInstant(p.day, p.time);
  const inv = {
    id: randomUUID(),
    code: p.code ?? `C${randomUUID().replace(/-/g, '').slice(0, 11).toUpperCase()}`,
    personId: person.id,
    centerId: CENTER.id,
    day: p.day,
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + 10 * 60_000).toISOString(),
    doseNumber: p.doseNumber ?? 1,
    productCode: 'COMIRNATY',
    status: 'booked' as const,
    channels: ['letter'],
    source: 'import' as const,
    versionId: null,
    lastUpdated: null,
  };
  t.core.store.invitations.insert(inv, t.clock().toISOString());
  return { ...inv, niss, birthDate };
}

/** Receiving stock is planning's; the reports' tests only need lots to take doses from. */
export function lot(t: TestApp, productCode: string, lotNumber: string, vials: number, dosesPerVial: number): string {
  const id = randomUUID();
  t.core.store.db
    .prepare(`INSERT INTO lots (id, product_code, lot_number, expiry_date, vials, doses_per_vial, received_at) VALUES (?, ?, ?, '2021-12-31', ?, ?, ?)`)
    .run(id, productCode, lotNumber, vials, dosesPerVial, t.clock().toISOString());
  return id;
}

/**
 * Staff who log in again whenever the fixture's clock has jumped past the idle lock: a fixture day
 * spans hours, and sessions are (rightly) not that patient.
 */
export async function staffLogin(t: TestApp, coordToken: string, role: 'receptionist' | 'coordinator', displayName: string) {
  const s = await t.must('staff.create', { displayName, role, pin: '4321' }, coordToken);
  return async () => (await t.must('session.login', { staffId: s.id, pin: '4321' })).token;
}

export function configureCenter(t: TestApp): void {
  t.core.store.center.save(CENTER, new Date().toISOString());
}
