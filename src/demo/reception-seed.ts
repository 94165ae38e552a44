import { randomUUID } from 'node:crypto';
import { seedDemoLot } from '../db/reception-demo';
import { makeNiss } from '../domain/niss';
import { addDays, brusselsInstant } from '../domain/time';
import { DEMO_CENTER, registerDemoSeeder } from './seed';

/**
 * People the reception demo and its e2e test rely on: names with particles, accents and a shared
 * family name on today's list, one person booked for tomorrow, one second dose, and stock to
 * vaccinate from. Fixed codes so a test can "scan" them.
 */
export const RECEPTION_DEMO = [
  { code: 'DEMO2TODAY01', familyName: 'Van den Bossche', givenName: 'Marie', birthDate: '1956-04-12', dayOffset: 0, time: '10:30', dose: 1 },
  { code: 'DEMO2TODAY02', familyName: 'Müller', givenName: 'Zoë', birthDate: '1949-11-03', dayOffset: 0, time: '11:00', dose: 1 },
  { code: 'DEMO2TODAY03', familyName: 'Dupont', givenName: 'Jean', birthDate: '1951-02-27', dayOffset: 0, time: '11:15', dose: 1 },
  { code: 'DEMO2TODAY04', familyName: 'Dupont', givenName: 'Luc', birthDate: '1962-08-19', dayOffset: 0, time: '14:45', dose: 1 },
  { code: 'DEMO2TOMOR05', familyName: 'Lejeune', givenName: 'Thérèse', birthDate: '1947-06-30', dayOffset: 1, time: '09:15', dose: 1 },
] as const;

export const RECEPTION_DEMO_LOTS = [
  { productCode: 'COMIRNATY', lotNumber: 'EW2239', vials: 50, dosesPerVial: 6 },
  { productCode: 'SPIKEVAX', lotNumber: '3002183', vials: 20, dosesPerVial: 10 },
  { productCode: 'VAXZEVRIA', lotNumber: 'ABV5811', vials: 20, dosesPerVial: 10 },
] as const;

registerDemoSeeder((app, { today, central }) => {
  const { store } = app.core;
  const at = app.core.clock().toISOString();
  store.tx(() => {
    // With a central system the invitations come from it; made-up ones would only be parked there.
    if (!central) RECEPTION_DEMO.forEach((d, k) => {
      if (store.invitations.byCode(d.code)) return;
      const personId = randomUUID();
      store.people.insert({ id: personId, niss: makeNiss(d.birthDate, 900 + k), familyName: d.familyName, givenName: d.givenName, birthDate: d.birthDate, phone: null }, at);
      const day = addDays(today, d.dayOffset);
      const start = brusselsInstant(day, d.time);
      store.invitations.insert(
        {
          id: randomUUID(),
          code: d.code,
          personId,
          centerId: DEMO_CENTER.id,
          day,
          startAt: start.toISOString(),
          endAt: new Date(start.getTime() + 15 * 60_000).toISOString(),
          doseNumber: d.dose,
          productCode: 'COMIRNATY',
          status: 'booked',
          channels: ['letter'],
          source: 'demo',
          versionId: null,
          lastUpdated: null,
        },
        at,
      );
    });
    for (const l of RECEPTION_DEMO_LOTS) {
      seedDemoLot(store.db, { id: randomUUID(), ...l, expiryDate: addDays(today, 60), at });
    }
  });
});
