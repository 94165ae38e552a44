import { describe, expect, it } from 'vitest';
import { cleanQuery, dayRank, parseBirthDate, parseSearchQuery, prefixEnd } from './search-query';

describe('search query parsing', () => {
  it('reads national numbers with or without separators, from both centuries and bis numbers', () => {
    for (const raw of ['85073003328', '85.07.30-033.28', '85 07 30 033 28', '17073003384', '98472899765', '01490700185', ' 85-07-30-033-28 ']) {
      expect(parseSearchQuery(raw).kind).toBe('niss');
    }
    expect(parseSearchQuery('85.07.30-033.28')).toEqual({ kind: 'niss', niss: '85073003328' });
  });

  it('says which way a national number is wrong', () => {
    expect(parseSearchQuery('85.07.30-033.29')).toMatchObject({ kind: 'nissInvalid', reason: 'checksum' });
    expect(parseSearchQuery('85073003')).toEqual({ kind: 'nissInvalid', reason: 'format', digits: 8 });
    expect(parseSearchQuery('8507')).toEqual({ kind: 'invalid', reason: 'tooShort' });
    expect(parseSearchQuery('8507300332')).toMatchObject({ kind: 'nissInvalid', reason: 'format', digits: 10 });
    expect(parseSearchQuery('851330 033 ..')).toMatchObject({ kind: 'nissInvalid' });
  });

  it('treats letters with digits as an invitation code, whatever case and dashes', () => {
    expect(parseSearchQuery('abcd-ef23-gh45')).toEqual({ kind: 'code', code: 'ABCDEF23GH45' });
    expect(parseSearchQuery('\u0002K7M2P9QRS4TX\u0003\r\n')).toEqual({ kind: 'code', code: 'K7M2P9QRS4TX' });
    expect(parseSearchQuery(']Q1K7M2P9QRS4TX')).toEqual({ kind: 'code', code: 'K7M2P9QRS4TX' });
    expect(parseSearchQuery('https://vaccin.example/i?code=K7M2P9QRS4TX')).toEqual({ kind: 'code', code: 'K7M2P9QRS4TX' });
    expect(parseSearchQuery('K7')).toEqual({ kind: 'invalid', reason: 'unreadable' });
  });

  it('reads birth dates as Belgians write them', () => {
    expect(parseSearchQuery('30/07/1985')).toEqual({ kind: 'birthDate', date: '1985-07-30' });
    expect(parseBirthDate('1.2.1950')).toBe('1950-02-01');
    expect(parseBirthDate('1985-07-30')).toBe('1985-07-30');
    expect(parseBirthDate('31/02/1985')).toBeNull();
    expect(parseBirthDate('30/07/85')).toBeNull();
  });

  it('reads names case- and accent-insensitively, in words', () => {
    expect(parseSearchQuery('Van den BOSSCHE')).toEqual({ kind: 'name', words: ['van', 'den', 'bossche'] });
    expect(parseSearchQuery('müller')).toEqual({ kind: 'name', words: ['muller'] });
    expect(parseSearchQuery('dupont j')).toEqual({ kind: 'name', words: ['dupont', 'j'] });
    expect(parseSearchQuery("<script>alert('x')</script>")).toMatchObject({ kind: 'name' });
    expect(parseSearchQuery("'; DROP TABLE people; --")).toMatchObject({ kind: 'name', words: ['drop', 'table', 'people'] });
    expect(parseSearchQuery('j')).toEqual({ kind: 'invalid', reason: 'tooShort' });
    expect(parseSearchQuery('!!! ???')).toEqual({ kind: 'invalid', reason: 'unreadable' });
    expect(parseSearchQuery('   \t ')).toEqual({ kind: 'empty' });
  });

  it('cleans control characters and caps the length', () => {
    expect(cleanQuery('a\u0000b\u001bc')).toBe('a b c');
    expect(cleanQuery('x'.repeat(10_000)).length).toBe(200);
  });

  it('builds exclusive upper bounds for prefix ranges and ranks days', () => {
    expect(prefixEnd('bos')).toBe('bot');
    expect('bossche' < prefixEnd('bos') && 'bossche' >= 'bos').toBe(true);
    expect('bot' < prefixEnd('bos')).toBe(false);
    expect(dayRank('2021-03-01', '2021-03-01')).toBe(0);
    expect(dayRank('2021-02-27', '2021-03-01')).toBe(1);
    expect(dayRank('2021-03-04', '2021-03-01')).toBe(2);
  });
});
