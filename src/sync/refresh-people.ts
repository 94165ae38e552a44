import type { Store } from '../db/store';
import { checkNiss } from '../domain/niss';
import type { CentralSystem } from './central';
import { MappingError, patientFacts } from './fhir/mappers';
import { PULL_KEY, type PullState } from './settings';

const instant = (v: unknown): string | null => (typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null);

/**
 * A Patient corrected at central (a new name, a new phone) while none of its Appointments
 * changed: the incremental Appointment search does not return it, so the pull asks separately for
 * the window's people changed since the last Patient it saw, `Patient?_id=a,b,c&_lastUpdated=ge…`
 * (R4 search on `_id` and `_lastUpdated`, which every server has; `_revinclude` or `_has` would
 * spare the id lists but Medplum and many national servers do not do them). Only people this desk
 * already holds are asked for, by their central id: nobody else's record is fetched.
 *
 * A Patient that cannot be read is parked like any pulled entry; a national number that changed
 * (a bis number replaced by the real one) is taken unless another local person already has it.
 */
export async function refreshPeople(
  store: Store,
  central: Required<Pick<CentralSystem, 'searchPatients'>>,
  state: PullState,
  since: string,
  now: () => Date,
): Promise<{ updated: number; parked: number; state: PullState }> {
  const ids = store.people.centralPatientIdsInWindow(state.windowFrom, state.windowTo);
  if (ids.length === 0) return { updated: 0, parked: 0, state };
  const patients = await central.searchPatients(ids, since);
  let updated = 0;
  let parked = 0;
  let cursor = state.patientCursor ?? null;
  const at = now().toISOString();
  store.tx(() => {
    for (const raw of patients) {
      const r = raw as { id?: unknown; meta?: { versionId?: unknown; lastUpdated?: unknown } };
      if (typeof r.id !== 'string' || r.id.length > 64) continue;
      const seen = instant(r.meta?.lastUpdated);
      if (seen && (!cursor || seen > cursor)) cursor = seen;
      const person = store.people.byCentralPatient(r.id);
      if (!person) continue;
      let facts;
      try {
        facts = patientFacts(raw, `Patient/${r.id}`);
        if (!/^\d{11}$/.test(facts.niss) || !checkNiss(facts.niss).ok) throw new MappingError(`Patient/${r.id}: invalid national number ${facts.niss.slice(0, 20)}`);
        if (facts.familyName.length === 0 || facts.familyName.length > 120 || facts.givenName.length > 120) throw new MappingError(`Patient/${r.id}: invalid name`);
      } catch (e) {
        if (!(e instanceof MappingError)) throw e;
        store.pullParked.park({ resourceType: 'Patient', resourceId: r.id, reason: e.message, versionId: typeof r.meta?.versionId === 'string' ? r.meta.versionId.slice(0, 64) : null }, at);
        parked++;
        continue;
      }
      store.pullParked.clear('Patient', r.id);
      if (facts.niss !== person.niss && !store.people.byNiss(facts.niss)) store.people.setNiss(person.id, facts.niss, at);
      const next = {
        ...person,
        familyName: facts.familyName,
        givenName: facts.givenName,
        birthDate: facts.birthDate ?? person.birthDate,
        phone: facts.phone ?? person.phone,
      };
      if (next.familyName === person.familyName && next.givenName === person.givenName && next.birthDate === person.birthDate && next.phone === person.phone) continue;
      store.people.update(next, at);
      updated++;
    }
    state = { ...state, patientCursor: cursor };
    store.settings.put(PULL_KEY, state);
  });
  return { updated, parked, state };
}
