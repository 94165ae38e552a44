/**
 * Two sizes for every long proof (crash kills, fault storms, import kills, the pull kill, ...).
 *
 * `npm test` runs each proof small enough that the whole run ends in minutes on a busy 2-core
 * machine; `npm run soak` sets VAXDESK_SOAK=1 and runs only the files that import this module
 * (vitest.soak.config.mts finds them by that import) at their full size. Same test, same
 * assertions: only the amount of work changes, so a proof that passes small still means something.
 */
export const SOAK = process.env.VAXDESK_SOAK === '1';

/**
 * The size of a proof: `quick` in `npm test`, `soak` under VAXDESK_SOAK=1. `env` names a variable
 * that overrides both (to replay one size by hand, e.g. CRASH_KILLS=50).
 */
export function sized(quick: number, soak: number, env?: string): number {
  const forced = env ? process.env[env] : undefined;
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${env}=${forced}: a positive number is needed`);
    return n;
  }
  return SOAK ? soak : quick;
}

/**
 * A per-test timeout that scales with the work: a fixed part (start-up, set-up) plus `units` times
 * the quiet machine's time per unit, times 5, so that a machine loaded several times over still
 * finishes. It is a last resort against a hang, never what a proof waits for.
 */
export function budget(units: number, quietMsPerUnit: number, fixedMs = 30_000): number {
  return Math.ceil(fixedMs + 5 * units * quietMsPerUnit);
}
