/**
 * The ways the national system failed in 2021, injected at a rate. Some faults strike before the
 * request is processed (the client cannot know), some after a write was applied (the client must
 * retry idempotently without creating duplicates).
 */
export const FAULT_KINDS = ['latency', 'error5xx', 'tooMany', 'resetBefore', 'resetAfter', 'truncated', 'invalidJson', 'hang'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultConfig {
  /** Share of FHIR requests that get a fault, 0..1. */
  rate: number;
  kinds: readonly FaultKind[];
  /** How long a hang lasts before the socket is dropped (the client should have timed out). */
  hangMs: number;
  /** Range of added latency. */
  latencyMs: [number, number];
}

export const DEFAULT_FAULTS: FaultConfig = { rate: 0, kinds: FAULT_KINDS, hangMs: 10_000, latencyMs: [50, 400] };

export class FaultStats {
  requests = 0;
  faulted = 0;
  readonly byKind: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  readonly byStatus: Record<string, number> = {};

  toJSON() {
    return { requests: this.requests, faulted: this.faulted, byKind: this.byKind, byStatus: this.byStatus };
  }
}

/** A tiny seeded PRNG so that a fault run can be replayed. */
export function faultRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickFault(cfg: FaultConfig, rnd: () => number): FaultKind | null {
  if (cfg.rate <= 0 || cfg.kinds.length === 0 || rnd() >= cfg.rate) return null;
  return cfg.kinds[Math.floor(rnd() * cfg.kinds.length)]!;
}
