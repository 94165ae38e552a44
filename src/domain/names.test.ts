import { describe, expect, it } from 'vitest';
import { foldName, nameTokens, queryWords } from './names';

describe('name normalisation', () => {
  it('folds case and accents', () => {
    expect(foldName('Müller')).toBe('muller');
    expect(foldName('HÉLÈNE')).toBe('helene');
    expect(foldName('Ñúñez')).toBe('nunez');
    expect(foldName('Straße')).toBe('strasse');
  });

  it('indexes particles as words and the family name written together', () => {
    const t = nameTokens('Van den Bossche', 'Jean-Luc');
    expect(t).toEqual(expect.arrayContaining(['van', 'den', 'bossche', 'vandenbossche', 'jean', 'luc', 'jeanluc']));
  });

  it('splits a query into folded words', () => {
    expect(queryWords('Dupont  J')).toEqual(['dupont', 'j']);
    expect(queryWords("d'Hondt")).toEqual(['d', 'hondt']);
    expect(queryWords('<script>')).toEqual(['script']);
  });
});
