/**
 * The desk protocol: what a paired desk asks its hub besides the contract's own /api routes.
 * Every request but the join carries the desk's credential in DESK_HEADER.
 */
export const DESK_HEADER = 'x-vaxdesk-desk';
/** The client request id of a forwarded write (idempotent retries; see the security work). */
export const REQUEST_ID_HEADER = 'x-vaxdesk-request-id';

export const HUB_PATHS = {
  join: '/hub/join',
  hello: '/hub/hello',
  feed: '/hub/feed',
  snapshot: '/hub/snapshot',
  replay: '/hub/replay',
  events: '/hub/events',
} as const;

/** How long a desk waits for the hub before working on its copy. */
export const HUB_TIMEOUT_MS = 2000;
