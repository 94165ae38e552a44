import { randomUUID } from 'node:crypto';
import type { Store } from '../../db/store';
import type { InvitationSource, InvitationStatus } from '../../db/invitations';
import { localDate } from '../../domain/time';
import { mergeStatus } from '../../domain/invitation-merge';

/** One invitation as the central system (or an import file) describes it, already validated. */
export interface IncomingInvitation {
  id: string;
  code: string;
  person: { niss: string; familyName: string; givenName: string; birthDate: string | null; phone?: string | null; centralPatientId?: string | null };
  centerId: string;
  startAt: string;
  endAt: string;
  doseNumber: number;
  productCode: string | null;
  status: InvitationStatus;
  channels: string[];
  source: InvitationSource;
  versionId: string | null;
  lastUpdated: string | null;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

export class UpsertConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpsertConflict';
  }
}

/**
 * Stores one invitation from the central system or a file, shared by the pull and the imports.
 * Call inside a transaction (a page or a file commits whole). Matches the person by national
 * number so nobody is created twice; skips an unchanged version; never moves a local arrival
 * or outcome backward.
 */
export function upsertInvitation(store: Store, inc: IncomingInvitation, now: string): UpsertOutcome {
  const existing = store.invitations.get(inc.id);
  if (existing && inc.versionId !== null && existing.versionId === inc.versionId) return 'unchanged';

  const incoming = {
    id: randomUUID(),
    niss: inc.person.niss,
    familyName: inc.person.familyName,
    givenName: inc.person.givenName,
    birthDate: inc.person.birthDate,
    phone: inc.person.phone ?? null,
    centralPatientId: inc.person.centralPatientId ?? null,
  };
  // A new person is the common case of a first pull: let the national number's unique index say so.
  let person = store.people.insertIfNewNiss(incoming, now) ? incoming : store.people.byNiss(inc.person.niss)!;
  if (
    person !== incoming &&
    (person.familyName !== inc.person.familyName ||
      person.givenName !== inc.person.givenName ||
      (inc.person.birthDate !== null && person.birthDate !== inc.person.birthDate) ||
      (inc.person.phone != null && person.phone !== inc.person.phone) ||
      (inc.person.centralPatientId != null && person.centralPatientId !== inc.person.centralPatientId))
  ) {
    person = {
      ...person,
      familyName: inc.person.familyName,
      givenName: inc.person.givenName,
      birthDate: inc.person.birthDate ?? person.birthDate,
      phone: inc.person.phone ?? person.phone,
      centralPatientId: inc.person.centralPatientId ?? null,
    };
    store.people.update(person, now);
  }

  const conflict = (holder: string) => new UpsertConflict(`Invitation code ${inc.code} already belongs to another invitation (${holder}).`);
  if (existing) {
    const byCode = store.invitations.byCode(inc.code);
    if (byCode && byCode.id !== inc.id) throw conflict(byCode.id);
  }

  const row = {
    id: inc.id,
    code: inc.code,
    personId: person.id,
    centerId: inc.centerId,
    day: localDate(inc.startAt),
    startAt: inc.startAt,
    endAt: inc.endAt,
    doseNumber: inc.doseNumber,
    productCode: inc.productCode,
    status: existing ? mergeStatus(existing.status, inc.status) : inc.status,
    channels: inc.channels,
    source: existing?.source ?? inc.source,
    versionId: inc.versionId,
    lastUpdated: inc.lastUpdated,
  };
  if (!existing) {
    const holder = store.invitations.insertUnlessCodeTaken(row, now);
    if (holder) throw conflict(holder);
    return 'inserted';
  }
  store.invitations.update(row, now);
  return 'updated';
}
