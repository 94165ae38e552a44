import { addDays } from './time';

/** Doses left on a lot after a ledger entry; the ledger counts doses leaving as positive. */
export function balanceAfter(balance: number, leaving: number): number {
  return balance - leaving;
}

/** A lot stops counting as usable on its expiry date (the label's date is the last day it may NOT be used). */
export function isUsable(lot: { expiryDate: string; receivedDay: string }, day: string): boolean {
  return lot.receivedDay <= day && day < lot.expiryDate;
}

export type ExpiryState = 'ok' | 'soon' | 'expired';
/** Within this many days the stock screen warns, so the lot can be planned first. */
export const EXPIRY_WARNING_DAYS = 7;

export function expiryState(expiryDate: string, today: string): ExpiryState {
  if (expiryDate <= today) return 'expired';
  if (expiryDate <= addDays(today, EXPIRY_WARNING_DAYS)) return 'soon';
  return 'ok';
}

/**
 * Why a correction cannot be booked, as a sentence that says what to fix; null when it can.
 * delta is the change to stock: −3 for three doses lost, +1 for an extra dose drawn from a vial.
 */
export function correctionProblem(balance: number, received: number, delta: number): string | null {
  if (delta === 0) return 'A correction of 0 doses changes nothing; enter how many doses to add (+) or remove (−).';
  if (balance + delta < 0) return `Only ${balance} doses are left on this lot; a correction of ${delta} would make stock negative. Enter at most −${balance}.`;
  // Extra doses from a vial happen (a 7th Comirnaty dose); doubling a lot does not.
  if (balance + delta > received * 2) return `A correction of +${delta} would put far more doses on this lot than were received (${received}); check the number.`;
  return null;
}
