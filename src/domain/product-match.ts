/**
 * The vaccine guard at the moment of vaccination. A dose from a lot of another product than the
 * one booked, or a second dose of another product than the first, is a clinical decision
 * (heterologous schedules existed in 2021, but only by choice): it is stopped and shown, and can
 * only go ahead through a deliberate override with a reason, like the check-in guards.
 */
export const OUTCOME_GUARD_KINDS = ['product', 'seriesProduct'] as const;
export type OutcomeGuardKind = (typeof OUTCOME_GUARD_KINDS)[number];

export type OutcomeGuard =
  | { guard: 'product'; expected: string; given: string }
  | { guard: 'seriesProduct'; expected: string; given: string; previousDate: string };

export interface ProductFacts {
  /** The product of the lot the dose is taken from. */
  lotProduct: string;
  /** The product the appointment was booked for; null when the invitation did not say. */
  appointmentProduct: string | null;
  doseNumber: number;
  /** The product actually given at the person's previous dose in the series, when it is known here. */
  previousDose: { productCode: string; date: string } | null;
}

export function productGuards(f: ProductFacts): OutcomeGuard[] {
  const g: OutcomeGuard[] = [];
  if (f.appointmentProduct !== null && f.appointmentProduct !== f.lotProduct) {
    g.push({ guard: 'product', expected: f.appointmentProduct, given: f.lotProduct });
  }
  const prev = f.doseNumber > 1 ? f.previousDose : null;
  // When the booking already names the previous dose's product, one banner says it all.
  if (prev && prev.productCode !== f.lotProduct && !(g.length > 0 && f.appointmentProduct === prev.productCode)) {
    g.push({ guard: 'seriesProduct', expected: prev.productCode, given: f.lotProduct, previousDate: prev.date });
  }
  return g;
}

export function unresolvedOutcome(guards: readonly OutcomeGuard[], overridden: readonly OutcomeGuardKind[]): OutcomeGuard[] {
  return guards.filter((g) => !overridden.includes(g.guard));
}
