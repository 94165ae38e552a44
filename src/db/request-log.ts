import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './open';

/** The call a client marked with a request id, while its handler runs (see store.tx). */
export interface RequestContext {
  actor: string;
  requestId: string;
  method: string;
  inputHash: string;
  at: string;
  /** Set once a transaction that claimed the id has committed. */
  claimed: boolean;
}

export interface RequestRecord {
  method: string;
  inputHash: string;
  result: string | null;
}

/** Raised inside a write's transaction when its request id was claimed first by another call. */
export class RequestAlreadyClaimed extends Error {
  constructor() {
    super('This request id has already been used.');
    this.name = 'RequestAlreadyClaimed';
  }
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function requestLogRepo(db: Db) {
  const get = db.prepare<[string, string], RequestRecord>(
    `SELECT method, input_hash AS inputHash, result FROM request_log WHERE actor = ? AND request_id = ?`,
  );
  const claim = db.prepare(
    `INSERT INTO request_log (actor, request_id, method, input_hash, result, at) VALUES (@actor, @requestId, @method, @inputHash, NULL, @at)
     ON CONFLICT DO NOTHING`,
  );
  const setResult = db.prepare(`UPDATE request_log SET result = ? WHERE actor = ? AND request_id = ?`);
  const prune = db.prepare(`DELETE FROM request_log WHERE at < ?`);
  return {
    get: (actor: string, requestId: string) => get.get(actor, requestId),
    /** Inside the write's transaction: false when another call holds the id already. */
    claim: (c: RequestContext) => claim.run(c).changes === 1,
    setResult: (actor: string, requestId: string, result: string) => void setResult.run(result, actor, requestId),
    prune: (beforeIso: string) => prune.run(beforeIso).changes,
  };
}
export type RequestLogRepo = ReturnType<typeof requestLogRepo>;
