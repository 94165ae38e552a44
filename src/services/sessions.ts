import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/time';

export interface Session {
  token: string;
  staffId: string;
  displayName: string;
  role: 'receptionist' | 'coordinator';
  locale: 'nl' | 'fr' | 'en';
  deskId: string;
  createdAt: number;
  lastSeenAt: number;
  /** Per-session desk defaults (product and lot prefilled for vaccinations). */
  defaults: Record<string, string>;
}

/**
 * Sessions live in memory: a restart asks everyone to log in again, which is the safe default
 * for a shared desk PC. A session expires after the coordinator's idle time.
 */
export class SessionStore {
  private readonly byToken = new Map<string, Session>();
  constructor(
    private readonly clock: Clock,
    private readonly idleMinutes: () => number,
  ) {}

  create(s: Omit<Session, 'token' | 'createdAt' | 'lastSeenAt' | 'defaults'>): Session {
    const now = this.clock().getTime();
    const session: Session = { ...s, token: randomBytes(32).toString('base64url'), createdAt: now, lastSeenAt: now, defaults: {} };
    this.byToken.set(session.token, session);
    return session;
  }

  /**
   * Takes over a session another process created (a desk keeps the hub's login so that staff stay
   * logged in when the desk falls back to its copy). Idle time starts now.
   */
  adopt(s: Omit<Session, 'createdAt' | 'lastSeenAt' | 'defaults'>): Session {
    const existing = this.byToken.get(s.token);
    if (existing) return existing;
    const now = this.clock().getTime();
    const session: Session = { ...s, createdAt: now, lastSeenAt: now, defaults: {} };
    this.byToken.set(session.token, session);
    return session;
  }

  /** The live session for a token, touched; undefined when unknown or idle too long. */
  touch(token: string): Session | undefined {
    const s = this.byToken.get(token);
    if (!s) return undefined;
    const now = this.clock().getTime();
    if (now - s.lastSeenAt > this.idleMinutes() * 60_000) {
      this.byToken.delete(token);
      return undefined;
    }
    s.lastSeenAt = now;
    return s;
  }

  end(token: string): void {
    this.byToken.delete(token);
  }

  endAllFor(staffId: string): void {
    for (const [t, s] of this.byToken) if (s.staffId === staffId) this.byToken.delete(t);
  }

  forEach(fn: (s: Session) => void): void {
    for (const s of this.byToken.values()) fn(s);
  }
}
