import { randomUUID } from 'node:crypto';
import { makeNiss } from '../domain/niss';
import { priorityRank } from '../domain/standby';
import type { PriorityGroup } from '../domain/priority';
import { registerDemoSeeder } from './seed';

/** A short standby list, so that the leftover-dose view has someone to call in the demo. */
export const STANDBY_DEMO: { familyName: string; givenName: string; birthDate: string; phone: string; group: PriorityGroup }[] = [
  { familyName: 'Vermeulen', givenName: 'Karel', birthDate: '1952-09-14', phone: '+32 470 12 34 01', group: '65plus' },
  { familyName: 'Lambert', givenName: 'Sophie', birthDate: '1978-03-02', phone: '+32 470 12 34 02', group: 'risk-18-64' },
  { familyName: 'Haddad', givenName: 'Yasmine', birthDate: '1990-11-23', phone: '+32 470 12 34 03', group: 'essential' },
  { familyName: 'De Smet', givenName: 'Pieter', birthDate: '1985-06-08', phone: '+32 470 12 34 04', group: 'everyone' },
];

registerDemoSeeder((app) => {
  const { store } = app.core;
  const at = app.core.clock().toISOString();
  store.tx(() => {
    STANDBY_DEMO.forEach((p, k) => {
      const niss = makeNiss(p.birthDate, 700 + 2 * k + 1);
      if (store.standby.waitingByNiss(niss)) return;
      store.standby.insert(
        { id: randomUUID(), niss, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, phone: p.phone, priorityGroup: p.group, priorityRank: priorityRank(p.group) },
        at,
      );
    });
  });
});
