import { describe, expect, it } from 'vitest';
import { checkinGuards, unresolved, type CheckinFacts } from './checkin';

const base: CheckinFacts = {
  today: '2021-03-01',
  centerId: 'A',
  invitation: { status: 'booked', day: '2021-03-01', centerId: 'A', doseNumber: 1 },
  previousDose: null,
  minIntervalDays: null,
  todayClosed: false,
  capacity: null,
  arrivedToday: 0,
};
type FactsPatch = Partial<Omit<CheckinFacts, 'invitation'>> & { invitation?: Partial<CheckinFacts['invitation']> };
const kinds = (f: FactsPatch) =>
  checkinGuards({ ...base, ...f, invitation: { ...base.invitation, ...f.invitation } }).map((g) => g.guard);

describe('check-in guards', () => {
  it('lets a person booked for today at this center in without a word', () => {
    expect(kinds({})).toEqual([]);
  });

  it('stops cancelled, other-day, other-center and closed-day arrivals', () => {
    expect(kinds({ invitation: { status: 'cancelled' } })).toEqual(['cancelled']);
    expect(checkinGuards({ ...base, invitation: { ...base.invitation, day: '2021-03-02' } })).toEqual([{ guard: 'otherDay', direction: 'early', day: '2021-03-02', days: 1 }]);
    expect(checkinGuards({ ...base, invitation: { ...base.invitation, day: '2021-02-26' } })[0]).toMatchObject({ direction: 'late', days: 3 });
    expect(kinds({ invitation: { centerId: 'B' } })).toEqual(['otherCenter']);
    expect(kinds({ todayClosed: true })).toEqual(['dayClosed']);
    expect(kinds({ invitation: { status: 'noshow' } })).toEqual(['dayClosed']);
  });

  it('stops a second dose before the minimum interval, counted in days from the previous dose', () => {
    const f: FactsPatch = { invitation: { doseNumber: 2 }, minIntervalDays: 21 };
    expect(checkinGuards({ ...base, ...f, invitation: { ...base.invitation, doseNumber: 2 }, previousDose: { date: '2021-02-10', productCode: 'COMIRNATY' } })).toEqual([
      { guard: 'interval', previousDate: '2021-02-10', minDays: 21, earliestDate: '2021-03-03', productCode: 'COMIRNATY' },
    ]);
    expect(kinds({ ...f, previousDose: { date: '2021-02-08', productCode: 'COMIRNATY' } })).toEqual([]);
    expect(kinds({ ...f, previousDose: null })).toEqual([]);
  });

  it('checks capacity only for people the day did not count yet', () => {
    const full = { capacity: { open: true, published: 100, booked: 100 } };
    expect(kinds(full)).toEqual([]);
    expect(kinds({ ...full, walkin: true })).toEqual(['capacity']);
    expect(kinds({ ...full, invitation: { day: '2021-03-02' } })).toEqual(['otherDay', 'capacity']);
    expect(kinds({ capacity: { open: true, published: 100, booked: 80 }, arrivedToday: 100, walkin: true })).toEqual(['capacity']);
    expect(kinds({ capacity: { open: true, published: 100, booked: 80 }, arrivedToday: 99, walkin: true })).toEqual([]);
    expect(kinds({ capacity: { open: false, published: null, booked: 0 }, walkin: true })).toEqual(['capacity']);
    expect(kinds({ capacity: { open: true, published: null, booked: 500 }, walkin: true })).toEqual([]);
  });

  it('keeps only the guards that were not overridden', () => {
    const g = checkinGuards({ ...base, invitation: { ...base.invitation, day: '2021-03-02', centerId: 'B' } });
    expect(unresolved(g, ['otherDay']).map((x) => x.guard)).toEqual(['otherCenter']);
    expect(unresolved(g, ['otherDay', 'otherCenter'])).toEqual([]);
  });
});
