import { describe, expect, it } from 'vitest';
import { nextToCall, priorityRank, type CallCandidate } from './standby';

const c = (id: string, group: Parameters<typeof priorityRank>[0], createdAt: string, last: Partial<CallCandidate> = {}): CallCandidate => ({
  id,
  priorityRank: priorityRank(group),
  createdAt,
  lastCallAt: null,
  lastResult: null,
  ...last,
});

describe('standby call order', () => {
  const now = new Date('2021-04-12T15:00:00Z');
  it('ranks by priority group, then by who signed up first, and proposes 1.5× the doses', () => {
    const list = [
      c('young', 'everyone', '2021-04-01T10:00:00Z'),
      c('senior-late', '65plus', '2021-04-10T10:00:00Z'),
      c('nurse', 'primary-care', '2021-04-11T10:00:00Z'),
      c('senior-early', '65plus', '2021-04-02T10:00:00Z'),
    ];
    expect(nextToCall(list, 2, now, '2021-04-12').map((x) => x.id)).toEqual(['nurse', 'senior-early', 'senior-late']);
    expect(nextToCall(list, 0, now, '2021-04-12')).toEqual([]);
  });

  it('puts people who declined today or did not answer recently at the back', () => {
    const list = [
      c('declined', 'care-home', '2021-04-01T10:00:00Z', { lastCallAt: '2021-04-12T14:00:00Z', lastResult: 'declined' }),
      c('no-answer', 'care-home', '2021-04-01T11:00:00Z', { lastCallAt: '2021-04-12T14:50:00Z', lastResult: 'no-answer' }),
      c('no-answer-long-ago', 'care-home', '2021-04-01T12:00:00Z', { lastCallAt: '2021-04-12T13:00:00Z', lastResult: 'no-answer' }),
      c('everyone', 'everyone', '2021-04-01T10:00:00Z'),
    ];
    expect(nextToCall(list, 4, now, '2021-04-12').map((x) => x.id)).toEqual(['no-answer-long-ago', 'everyone', 'declined', 'no-answer']);
  });
});
