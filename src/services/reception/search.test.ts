import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { addInvitation, addPerson, configureCenter } from './test-fixtures';

let t: TestApp;
let tok: string;
beforeEach(async () => {
  t = testApp();
  configureCenter(t);
  const coord = await t.setup();
  tok = await t.staffToken('receptionist', coord);
});
afterEach(() => t?.cleanup());

const search = (query: string) => t.must('invitations.search', { query }, tok);

describe('the one search box', () => {
  it('finds a scanned invitation code, with scanner noise and any case', async () => {
    const p = addPerson(t, { familyName: 'Peeters', givenName: 'Jan' });
    addInvitation(t, p.id, { day: '2021-03-01', code: 'K7M2P9QRS4TX' });
    for (const q of ['K7M2P9QRS4TX', 'k7m2p9qrs4tx', '\u0002K7M2P9QRS4TX\u0003', ' K7M2-P9QR-S4TX\r\n', ']Q1K7M2P9QRS4TX']) {
      const r = await search(q);
      expect(r).toMatchObject({ kind: 'code', notice: null });
      expect(r.hits.map((h) => h.familyName)).toEqual(['Peeters']);
    }
    expect(await search('K7M2P9QRS4')).toMatchObject({ kind: 'code', hits: [], notice: 'codeNotFound' });
  });

  it('finds a national number with or without separators, masks it, and explains a typo', async () => {
    const p = addPerson(t, { familyName: 'Maes', givenName: 'Els', niss: '85073003328', birthDate: '1985-07-30' });
    addInvitation(t, p.id, { day: '2021-03-01' });
    for (const q of ['85073003328', '85.07.30-033.28', '85 07 30 033 28']) {
      const r = await search(q);
      expect(r.hits).toHaveLength(1);
      expect(r.hits[0]!.nissMasked).toBe('••.••.••-•33.28');
      expect(JSON.stringify(r)).not.toContain('85073003328');
    }
    expect(await search('85.07.30-033.82')).toMatchObject({ kind: 'niss', hits: [], notice: 'nissChecksum' });
    expect(await search('8507300332')).toMatchObject({ notice: 'nissFormat' });
    // A valid number that nobody has.
    expect(await search('17073003384')).toMatchObject({ kind: 'niss', hits: [], notice: 'notFound', person: null });
  });

  it('offers a person known by national number but without an invitation for a walk-in', async () => {
    addPerson(t, { familyName: 'Nowak', givenName: 'Ana', niss: '98472899765', birthDate: '1998-07-28' });
    expect(await search('98.47.28-997.65')).toMatchObject({ notice: 'notFound', person: { familyName: 'Nowak', nissMasked: '••.••.••-•97.65' } });
  });

  it('finds name parts case- and accent-insensitively', async () => {
    const vdb = addPerson(t, { familyName: 'Van den Bossche', givenName: 'Marie' });
    const mu = addPerson(t, { familyName: 'Müller', givenName: 'Zoë' });
    const jd = addPerson(t, { familyName: 'Dupont', givenName: 'Jean' });
    const ld = addPerson(t, { familyName: 'Dupont', givenName: 'Luc' });
    for (const p of [vdb, mu, jd, ld]) addInvitation(t, p.id, { day: '2021-03-01' });
    const names = async (q: string) => (await search(q)).hits.map((h) => `${h.givenName} ${h.familyName}`).sort();
    expect(await names('bossche')).toEqual(['Marie Van den Bossche']);
    expect(await names('vandenbossche')).toEqual(['Marie Van den Bossche']);
    expect(await names('VAN DEN BOS')).toEqual(['Marie Van den Bossche']);
    expect(await names('muller')).toEqual(['Zoë Müller']);
    expect(await names('MÜLLER zoe')).toEqual(['Zoë Müller']);
    expect(await names('dupont j')).toEqual(['Jean Dupont']);
    expect(await names('dupont')).toEqual(['Jean Dupont', 'Luc Dupont']);
    expect(await names('jean dupont')).toEqual(['Jean Dupont']);
    expect(await search('dupontx')).toMatchObject({ kind: 'name', hits: [], notice: 'notFound' });
  });

  it('finds by birth date', async () => {
    const p = addPerson(t, { familyName: 'Claes', givenName: 'Luc', birthDate: '1944-12-24' });
    addInvitation(t, p.id, { day: '2021-03-05' });
    expect((await search('24/12/1944')).hits.map((h) => h.familyName)).toEqual(['Claes']);
    expect((await search('1944-12-24')).kind).toBe('birthDate');
  });

  it('ranks today first, then within two days, then the rest (nearest first)', async () => {
    const days = ['2021-03-20', '2021-02-26', '2021-03-03', '2021-03-01', '2021-02-10', '2021-03-02'];
    for (const day of days) addInvitation(t, addPerson(t, { familyName: 'Wouters', givenName: day }).id, { day });
    expect((await search('wouters')).hits.map((h) => h.day)).toEqual(['2021-03-01', '2021-03-02', '2021-03-03', '2021-02-26', '2021-02-10', '2021-03-20']);
    const limited = await t.must('invitations.search', { query: 'wouters', limit: 2 }, tok);
    expect(limited).toMatchObject({ more: true });
    expect(limited.hits).toHaveLength(2);
  });

  it('answers bad input with a clear notice or a validation error, never a crash or an injection', async () => {
    const p = addPerson(t, { familyName: "O'Brien <b>", givenName: 'Robert' });
    addInvitation(t, p.id, { day: '2021-03-01' });
    const cases: [string, string][] = [
      ["'; DROP TABLE people; --", 'notFound'],
      ["' OR 1=1 --", 'unreadable'],
      ['%', 'unreadable'],
      ['_', 'unreadable'],
      ['<script>alert("x")</script>', 'notFound'], ['<img src=x onerror=alert(1)>', 'unreadable'],
      ['\u0000\u0001\u0002', 'empty'],
      ['K7M2', 'unreadable'],
      ['', 'empty'],
      ['x', 'tooShort'],
      ['😀😀', 'unreadable'],
    ];
    for (const [q, notice] of cases) expect(await search(q), q).toMatchObject({ hits: [], notice });
    expect((await search("o'brien")).hits).toHaveLength(1);
    expect((await search('<b>brien</b>')).hits.map((h) => h.familyName)).toEqual(["O'Brien <b>"]);
    const long = await t.call('invitations.search', { query: 'a'.repeat(10_000) }, tok);
    expect(long).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('at most 200 characters') } });
    expect(await t.call('invitations.search', { query: 42 } as never, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('invitations.search', { query: 'x', extra: 1 } as never, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('invitations.search', { query: 'dupont' }, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(t.core.store.invitations.count()).toBe(1);
  });
});

describe('name search on a common name', () => {
  it('finds the one person matching every word even when hundreds share the family name and none of them come today', async () => {
    const today = t.clock().toISOString().slice(0, 10);
    t.core.store.tx(() => {
      // 250 people called Crabeels (more than a name search ranks from the region), on days far from today.
      for (let i = 0; i < 250; i++) addInvitation(t, addPerson(t, { familyName: 'Crabeels', givenName: `Anna${i}` }).id, { day: '2021-01-04' });
      // Last of the family name's index range (tokens sort by person id), beyond any fixed number of entries.
      const chloe = { id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', niss: null, familyName: 'Crabeels', givenName: 'Chloé', birthDate: '1990-01-01', phone: null };
      t.core.store.people.insert(chloe, t.clock().toISOString());
      addInvitation(t, chloe.id, { day: '2021-02-15' });
    });
    expect(today).not.toMatch(/2021-0(1|2)/);
    const r = await search('Crabeels Chl');
    expect(r.hits.map((h) => `${h.familyName} ${h.givenName}`)).toEqual(['Crabeels Chloé']);
    const broad = await search('Crabeels');
    expect(broad.hits.length).toBeGreaterThan(0);
    expect(broad.more).toBe(true);
  });
});

describe('word counts remembered between searches', () => {
  it('a count from an earlier search, out of date since, never changes an answer', async () => {
    const today = t.clock().toISOString().slice(0, 10);
    // Counted now: neither word occurs today.
    expect((await search('Maes An')).hits).toEqual([]);
    t.core.store.tx(() => {
      for (let i = 0; i < 3; i++) addInvitation(t, addPerson(t, { familyName: 'Maes', givenName: `Anna${i}` }).id, { day: today, time: `${8 + i}:00` });
      for (let i = 0; i < 40; i++) addInvitation(t, addPerson(t, { familyName: 'Peeters', givenName: `Anja${i}` }).id, { day: today, time: '10:00' });
      for (let i = 0; i < 40; i++) addInvitation(t, addPerson(t, { familyName: 'Maes', givenName: `Bart${i}` }).id, { day: today, time: '11:00' });
    });
    const r = await search('Maes An');
    expect(r.hits.map((h) => h.givenName).sort()).toEqual(['Anna0', 'Anna1', 'Anna2']);
    expect(r.more).toBe(false);
  });
});

describe('name search fills the list before saying there is more', () => {
  it('shows today first, then people from far-off days up to the limit, and says more exactly when more exist', async () => {
    const today = t.clock().toISOString().slice(0, 10);
    t.core.store.tx(() => {
      // Twenty today, fifteen on a day far away: more than the thirty a search shows.
      for (let i = 0; i < 20; i++) addInvitation(t, addPerson(t, { familyName: 'Vermeulen', givenName: `Lotte${i}` }).id, { day: today, time: `${8 + (i % 10)}:00` });
      for (let i = 0; i < 15; i++) addInvitation(t, addPerson(t, { familyName: 'Vermeulen', givenName: `Mira${i}` }).id, { day: '2021-01-04' });
      // Twenty today, five far away: twenty-five in all, every one shown.
      for (let i = 0; i < 20; i++) addInvitation(t, addPerson(t, { familyName: 'Goossens', givenName: `Lotte${i}` }).id, { day: today });
      for (let i = 0; i < 5; i++) addInvitation(t, addPerson(t, { familyName: 'Goossens', givenName: `Mira${i}` }).id, { day: '2021-01-04' });
    });
    const many = await search('Vermeulen');
    expect(many.hits).toHaveLength(30);
    expect(many.hits.slice(0, 20).every((h) => h.day === today)).toBe(true);
    expect(many.hits.slice(20).every((h) => h.day === '2021-01-04')).toBe(true);
    expect(many.more).toBe(true);

    const all = await search('Goossens');
    expect(all.hits).toHaveLength(25);
    expect(all.more).toBe(false);
    // Two words, the other word checked in the same index rows: only the Miras.
    const miras = await search('Goossens Mir');
    expect(miras.hits.map((h) => h.givenName).sort()).toEqual(['Mira0', 'Mira1', 'Mira2', 'Mira3', 'Mira4']);
    expect(miras.more).toBe(false);
  });
  it('a broad prefix matching a person twice lists each appointment once, earliest first, and says more', async () => {
    const today = t.clock().toISOString().slice(0, 10);
    t.core.store.tx(() => {
      // 'cl' starts both names of each of these people: two index entries per appointment.
      for (let i = 0; i < 140; i++) {
        const hh = String(8 + (i % 10)).padStart(2, '0');
        addInvitation(t, addPerson(t, { familyName: 'Claes', givenName: `Clara${i}` }).id, { day: today, time: `${hh}:${i % 2 ? '30' : '00'}` });
      }
    });
    const r = await search('cl');
    expect(r.hits).toHaveLength(30);
    expect(new Set(r.hits.map((h) => h.invitationId)).size).toBe(30);
    expect(r.hits.every((h) => h.day === today)).toBe(true);
    const starts = r.hits.map((h) => h.startAt);
    expect(starts).toEqual([...starts].sort());
    expect(r.more).toBe(true);
  });
});
