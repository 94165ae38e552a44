import { makeNiss } from '../domain/niss';
import { addDays } from '../domain/time';
import type { Rng } from './random';

// Names as they appear in the national register: particles, accents, Dutch, French and Brussels names.
const FAMILY = [
  'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet',
  'Dubois', 'Lambert', 'Dupont', 'Martin', 'Leclercq', 'Lejeune', 'Renard', 'Dumont', 'Lemaire', 'François',
  'Van den Bossche', 'Vandenbroucke', 'Van de Velde', 'De Backer', 'Van Damme', "D'Hondt", 'Verhaegen', 'Desmet',
  'Müller', 'Ñúñez', 'Çelik', 'El Amrani', 'Benali', 'Öztürk', 'Nowak', 'Kowalski', 'Lefèvre', 'Hélène-Dubois',
  'Van Acker', 'De Vos', 'Vermeulen', 'Michiels', 'Verstraete', 'Declercq', 'Coppens', 'Smets', 'Thiry', 'Gérard',
] as const;
const GIVEN = [
  'Jean', 'Marie', 'Luc', 'Anne', 'Pieter', 'Sofie', 'Jan', 'Els', 'Lucas', 'Emma', 'Noah', 'Louise', 'Arthur',
  'Olivia', 'Mohamed', 'Fatima', 'Zoë', 'Chloé', 'Thérèse', 'André', 'François', 'Hélène', 'Jérôme', 'Ana',
  'Liam', 'Nora', 'Wout', 'Lotte', 'Bram', 'Inès', 'Yasmine', 'Mathéo', 'Renée', 'Jozef', 'Maria', 'Ahmed',
] as const;

import { type PriorityGroup } from '../domain/priority';
export { PRIORITY_GROUPS, type PriorityGroup } from '../domain/priority';

export interface SynthPerson {
  niss: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  group: PriorityGroup;
  phone: string;
}

/** A person with a valid national number; a few percent are bis numbers, births span both centuries. */
export function synthPerson(r: Rng, index: number): SynthPerson {
  const year = r.chance(0.08) ? r.int(2000, 2003) : r.int(1925, 1999);
  const month = r.int(1, 12);
  const day = r.int(1, 28);
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // The counter makes numbers unique for a generated population (997 per birth date is the real limit).
  const counter = 1 + (index % 997);
  const bis = r.chance(0.03) ? (r.chance(0.5) ? 'known' : 'unknown') : undefined;
  const niss = makeNiss(birthDate, counter, bis ? { bis } : {});
  const age = 2021 - year;
  const group: PriorityGroup =
    age >= 65 ? (r.chance(0.1) ? 'care-home' : '65plus') : r.pick(['hospital-staff', 'primary-care', 'risk-18-64', 'essential', 'everyone'] as const);
  return {
    niss,
    familyName: r.pick(FAMILY),
    givenName: r.pick(GIVEN),
    birthDate,
    group,
    phone: `+324${r.int(70, 99)}${String(r.int(0, 999999)).padStart(6, '0')}`,
  };
}

export interface SynthAppointment {
  day: string;
  /** Brussels wall-clock start, HH:mm. */
  time: string;
  minutes: number;
  doseNumber: 1 | 2;
  productCode: string;
  status: 'booked' | 'cancelled';
  channels: ('sms' | 'email' | 'letter')[];
}

/** An appointment between firstDay and firstDay+days, 08:00-19:45, about 4% cancelled. */
export function synthAppointment(r: Rng, firstDay: string, days: number, products: readonly string[]): SynthAppointment {
  const hour = r.int(8, 19);
  const minute = r.pick([0, 15, 30, 45]);
  const channels: SynthAppointment['channels'] = r.chance(0.7) ? ['sms'] : [];
  if (r.chance(0.4)) channels.push('email');
  if (channels.length === 0 || r.chance(0.3)) channels.push('letter');
  return {
    day: addDays(firstDay, r.int(0, Math.max(0, days - 1))),
    time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
    minutes: 15,
    doseNumber: r.chance(0.7) ? 1 : 2,
    productCode: r.pick(products),
    status: r.chance(0.04) ? 'cancelled' : 'booked',
    channels,
  };
}

/** Invitation codes as printed on letters: 12 characters, no look-alike letters, with a check character. */
export function invitationCode(r: Rng): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let body = '';
  for (let i = 0; i < 11; i++) body += alphabet[r.int(0, alphabet.length - 1)];
  let sum = 0;
  for (const c of body) sum = (sum * 31 + alphabet.indexOf(c)) % alphabet.length;
  return body + alphabet[sum];
}
