import type { PaperList } from '../../api/contract/paper';
import { maskNiss } from '../../domain/niss';
import { addDays, localDate, localTime } from '../../domain/time';
import type { Call } from '../context';

/**
 * The list printed for the day the PC or the network fails: everyone booked, per hour, with what
 * the desk needs to recognise them and the invitation code as a barcode for the entry afterwards.
 * The national number stays masked on paper too: a sheet left on a desk must not leak it.
 */
export function paperDayList(call: Call, day: string | undefined, blankRowsPerHour: number): PaperList {
  const { store } = call.core;
  const d = day ?? addDays(localDate(call.now()), 1);
  const hours = new Map<string, PaperList['hours'][number]>();
  const rows = store.reports.paperList(d);
  for (const r of rows) {
    const time = localTime(r.startAt);
    const hour = `${time.slice(0, 2)}:00`;
    let h = hours.get(hour);
    if (!h) hours.set(hour, (h = { hour, rows: [] }));
    h.rows.push({
      invitationId: r.invitationId,
      code: r.code,
      familyName: r.familyName,
      givenName: r.givenName,
      birthDate: r.birthDate,
      nissMasked: r.niss ? maskNiss(r.niss) : null,
      time,
      doseNumber: r.doseNumber,
      productCode: r.productCode,
    });
  }
  return {
    day: d,
    centerName: store.center.get()?.name ?? null,
    generatedAt: call.now().toISOString(),
    total: rows.length,
    hours: [...hours.values()].sort((a, b) => a.hour.localeCompare(b.hour)),
    blankRowsPerHour,
  };
}
