import { describe, expect, it } from 'vitest';
import { parseDisplay } from './display-name';

describe('a name from a display string (issue 19.3, the last resort)', () => {
  it.each([
    ['Louise Anaïs Ó Briain', 'Ó Briain', 'Louise Anaïs'],
    ['Ó Briain, Louise', 'Ó Briain', 'Louise'],
    ['Ó Briain, Louise Anaïs', 'Ó Briain', 'Louise Anaïs'],
    ['Louise Anaïs Ó BRIAIN', 'Ó BRIAIN', 'Louise Anaïs'],
    ['Ó BRIAIN Louise', 'Ó BRIAIN', 'Louise'],
    ['Jean Van den Bossche', 'Van den Bossche', 'Jean'],
    ['Marie-Thérèse de Smet', 'de Smet', 'Marie-Thérèse'],
    ['Jean van DAMME', 'van DAMME', 'Jean'],
    ['Anne Peeters', 'Peeters', 'Anne'],
    ['Jean Pierre Dupont', 'Dupont', 'Jean Pierre'],
    ['Fatima El Amrani', 'El Amrani', 'Fatima'],
    ['Peeters', 'Peeters', ''],
    ['  Peeters ,  Anne  ', 'Peeters', 'Anne'],
    ['Van den Bossche, ', 'Van den Bossche', ''],
    ["Luc D'Hondt", "D'Hondt", 'Luc'],
  ])('%s → family %s, given %s', (display, familyName, givenName) => {
    expect(parseDisplay(display)).toEqual({ familyName, givenName });
  });
});
