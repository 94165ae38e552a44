import { PRIORITY_GROUPS, type PriorityGroup } from './priority';

/** A lower rank is called first: the national priority order (care homes first, everyone else last). */
export function priorityRank(group: PriorityGroup): number {
  return PRIORITY_GROUPS.indexOf(group);
}

export interface CallCandidate {
  id: string;
  priorityRank: number;
  createdAt: string;
  lastCallAt: string | null;
  lastResult: 'accepted' | 'declined' | 'no-answer' | null;
}

/**
 * Who to call next for `doses` leftover doses. People who declined today, or did not answer in the
 * last `retryMinutes`, go to the back; we propose a few more names than doses because some will
 * not come.
 */
export function nextToCall<T extends CallCandidate>(waiting: readonly T[], doses: number, now: Date, today: string, retryMinutes = 30): T[] {
  if (doses <= 0) return [];
  const want = Math.ceil(doses * 1.5);
  const fresh: T[] = [];
  const later: T[] = [];
  for (const c of waiting) {
    const calledToday = c.lastCallAt !== null && c.lastCallAt.slice(0, 10) === today;
    const recentNoAnswer = c.lastResult === 'no-answer' && c.lastCallAt !== null && now.getTime() - Date.parse(c.lastCallAt) < retryMinutes * 60_000;
    if ((calledToday && c.lastResult === 'declined') || recentNoAnswer) later.push(c);
    else fresh.push(c);
  }
  const byRank = (a: T, b: T) => a.priorityRank - b.priorityRank || a.createdAt.localeCompare(b.createdAt);
  return [...fresh.sort(byRank), ...later.sort(byRank)].slice(0, want);
}
