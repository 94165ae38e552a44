import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/api/errors';
import nl from './nl.json';
import fr from './fr.json';
import en from './en.json';
import { i18n } from './index';
import { errorText } from './errors';
import { brusselsDate, formatDateTime, formatLocalDate, formatTime } from './format';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const LANGS = { nl: flatten(nl as Tree), fr: flatten(fr as Tree), en: flatten(en as Tree) };
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('nl, fr and en have exactly the same keys', () => {
    const ref = [...LANGS.nl.keys()].sort();
    expect([...LANGS.fr.keys()].sort()).toEqual(ref);
    expect([...LANGS.en.keys()].sort()).toEqual(ref);
  });

  it('no value is empty and every language uses the same {{placeholders}}', () => {
    for (const [lang, map] of Object.entries(LANGS)) {
      for (const [key, value] of map) {
        expect(value.trim(), `${lang} ${key}`).not.toBe('');
        expect(placeholders(value), `${lang} ${key}`).toEqual(placeholders(LANGS.nl.get(key)!));
      }
    }
  });

  it('every API error code has a message in every language', () => {
    for (const [lang, map] of Object.entries(LANGS)) {
      for (const code of ERROR_CODES) expect(map.get(`errors.${code}`), `${lang} errors.${code}`).toBeTruthy();
    }
  });

  it('Dutch is the default and the plural forms pick the right text', async () => {
    expect(i18n.language).toBe('nl');
    expect(i18n.t('login.wrongPin', { count: 1 })).toContain('Nog 1 poging ');
    await i18n.changeLanguage('fr');
    expect(i18n.t('login.wrongPin', { count: 3 })).toContain('Encore 3 essais');
    await i18n.changeLanguage('nl');
  });
});

describe('errorText', () => {
  it('explains attempts left, the lock end in Brussels time, and an unreachable server', async () => {
    const t = i18n.getFixedT('nl');
    expect(errorText(t, { code: 'WRONG_PIN', message: 'Wrong PIN.', details: { attemptsLeft: 2 } }, 'nl')).toBe(
      'Verkeerde pincode. Nog 2 pogingen voordat de account wordt vergrendeld.',
    );
    expect(errorText(t, { code: 'ACCOUNT_LOCKED', message: 'x', details: { until: '2021-03-28T01:05:00Z' } }, 'nl')).toContain('vergrendeld tot 28 mrt. 2021 03:05.');
    expect(errorText(t, { code: 'INTERNAL', message: 'x', details: { network: true } }, 'nl')).toBe(nl.app.unreachable);
    expect(errorText(t, { code: 'INTERNAL', message: 'x' }, 'nl')).toBe(nl.errors.INTERNAL);
    expect(errorText(i18n.getFixedT('fr'), { code: 'FORBIDDEN', message: 'Only a coordinator may do this.' }, 'fr')).toBe(fr.errors.FORBIDDEN);
  });
});

describe('dates are Brussels time whatever the machine zone', () => {
  // Node re-reads TZ when it changes: run these on a machine that is NOT in Brussels.
  const savedTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
    expect(new Date('2021-07-30T12:05:00Z').getHours()).toBe(8);
  });
  afterAll(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('formats instants across the spring DST change', () => {
    // 28 March 2021: 02:00 CET jumps to 03:00 CEST, i.e. at 01:00 UTC.
    expect(formatTime('2021-03-28T00:59:00Z', 'nl')).toBe('01:59');
    expect(formatTime('2021-03-28T01:00:00Z', 'nl')).toBe('03:00');
    expect(formatDateTime('2021-07-30T12:05:00Z', 'nl')).toBe('30 jul. 2021 14:05');
    expect(formatDateTime('2021-07-30T12:05:00Z', 'fr')).toBe('30 juil. 2021 14:05');
    expect(formatDateTime('2021-07-30T12:05:00Z', 'en')).toBe('30 Jul 2021 14:05');
  });

  it('a late-evening UTC instant is already the next day in Brussels', () => {
    expect(brusselsDate('2021-06-30T22:30:00Z')).toBe('2021-07-01');
  });

  it('writes local dates out in each language and refuses garbage', () => {
    expect(formatLocalDate('2021-07-30', 'nl')).toBe('vrijdag 30 juli 2021');
    expect(formatLocalDate('2021-07-30', 'fr')).toBe('vendredi 30 juillet 2021');
    expect(formatLocalDate('2021-07-30', 'en')).toBe('Friday 30 July 2021');
    expect(formatLocalDate('30/07/2021', 'nl')).toBe('—');
    expect(formatDateTime('not a date', 'nl')).toBe('—');
  });
});
