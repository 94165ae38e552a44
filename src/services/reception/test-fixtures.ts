import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../testing/harness';
import { makeNiss } from '../../domain/niss';
import { brusselsInstant } from '../../domain/time';

/** Test data for reception tests: a configured center, people and invitations written through the repositories. */
export const CENTER = { id: 'center-a', name: 'Center A' };

let counter = 100;
export interface PersonSpec {
  familyName: string;
  givenName: string;
  birthDate?: string;
  niss?: string | null;
}

export function addPerson(t: TestApp, p: PersonSpec) {
  const birthDate = p.birthDate ?? '1960-05-17';
  const person = {
    id: randomUUID(),
    niss: p.niss === undefined ? makeNiss(birthDate, counter++) : p.niss,
    familyName: p.familyName,
    givenName: p.givenName,
    birthDate,
    phone: null,
  };
  t.core.store.people.insert(person, t.clock().toISOString());
  return person;
}

export interface InvitationSpec {
  day: string;
  time?: string;
  doseNumber?: number;
  productCode?: string | null;
  status?: 'booked' | 'cancelled' | 'arrived' | 'fulfilled' | 'noshow';
  centerId?: string;
  code?: string;
}

export function addInvitation(t: TestApp, personId: string, s: InvitationSpec) {
  const start = brusselsInstant(s.day, s.time ?? '10:00');
  const inv = {
    id: randomUUID(),
    code: s.code ?? `C${randomUUID().replace(/-/g, '').slice(0, 11).toUpperCase()}`,
    personId,
    centerId: s.centerId ?? CENTER.id,
    day: s.day,
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + 15 * 60_000).toISOString(),
    doseNumber: s.doseNumber ?? 1,
    productCode: s.productCode === undefined ? 'COMIRNATY' : s.productCode,
    status: s.status ?? 'booked',
    channels: ['sms'],
    source: 'import' as const,
    versionId: null,
    lastUpdated: null,
  };
  t.core.store.invitations.insert(inv, t.clock().toISOString());
  return inv;
}

export function configureCenter(t: TestApp) {
  t.core.store.center.save(CENTER, new Date().toISOString());
}

/**
 * A received lot. Receiving stock belongs to planning; tests that only need doses to take write
 * the lot row directly.
 */
export function addLot(t: TestApp, l: { productCode?: string; lotNumber?: string; vials?: number; expiryDate?: string; dosesPerVial?: number }) {
  const id = randomUUID();
  t.core.store.db
    .prepare(
      `INSERT INTO lots (id, product_code, lot_number, expiry_date, vials, doses_per_vial, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, l.productCode ?? 'COMIRNATY', l.lotNumber ?? `L${counter++}`, l.expiryDate ?? '2021-12-31', l.vials ?? 1, l.dosesPerVial ?? 6, t.clock().toISOString());
  return id;
}
