/**
 * Name normalisation for search: case- and accent-insensitive, particles kept as words.
 * 'Van den Bossche' → words ['van','den','bossche'] plus the joined family name 'vandenbossche',
 * so both 'bossche' and 'vandenbossche' find it; 'Müller' → 'muller'.
 */
export function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase();
}

export function nameWords(s: string): string[] {
  return foldName(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Index tokens for a person: every word, and each name written together. */
export function nameTokens(familyName: string, givenName: string): string[] {
  const family = nameWords(familyName);
  const given = nameWords(givenName);
  const tokens = new Set<string>([...family, ...given]);
  if (family.length > 1) tokens.add(family.join(''));
  if (given.length > 1) tokens.add(given.join(''));
  return [...tokens].map((t) => t.slice(0, 64));
}

/**
 * The person's whole name as one searchable key, stored beside each token: every token after a
 * space, so a query word w matches some token exactly when the key contains ' ' + w.
 */
export function nameKey(tokens: readonly string[]): string {
  return tokens.map((t) => ` ${t}`).join('');
}

/** The words of a search query, each to be matched as a prefix of some token. */
export function queryWords(query: string): string[] {
  return nameWords(query).slice(0, 6);
}
