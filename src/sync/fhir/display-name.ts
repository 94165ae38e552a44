/**
 * A person's name from a FHIR Reference.display, the last resort when an Appointment carries
 * neither a contained nor a referenced Patient. Displays come in two forms:
 * - "FAMILY, Given" (VaxDesk's own, and the form many registers print): split at the comma;
 * - "Given Family" (what a national server's display usually reads): the family name is the
 *   run of words in capitals if there is one ("Louise Anaïs Ó BRIAIN"), else it starts at the first
 *   particle after the first word ("Jean Van den Bossche", "Louise Anaïs Ó Briain"), else it is
 *   the last word.
 * A single word is a family name with no given name.
 */

/** Words that begin a family name in the names Belgian registers hold (Dutch, French, Irish, Arabic, German, Italian, Spanish). */
const PARTICLES = new Set([
  'van', 'vande', 'vanden', 'vander', 'de', 'den', 'der', 'del', 'della', 'di', 'da', 'du', 'des', 'le', 'la', 'les',
  'von', 'zu', 'ten', 'ter', 'te', 'op', "d'", "l'", 'ó', 'o', "o'", 'ní', 'nic', 'mac', 'mc', 'al', 'el', 'ben', 'bin', 'ibn', 'abu', 'dos', 'das', 'do', 'y',
]);

const isParticle = (w: string) => PARTICLES.has(w.toLocaleLowerCase('fr-BE'));
/** A word written wholly in capitals, as registers write the family name ("Ó BRIAIN", "D'HONDT"). */
const isCaps = (w: string) => /\p{Lu}/u.test(w) && w === w.toLocaleUpperCase('fr-BE') && w.replace(/[^\p{L}]/gu, '').length > 1;

export function parseDisplay(display: string): { familyName: string; givenName: string } {
  const d = display.replace(/\s+/g, ' ').trim();
  const comma = d.indexOf(',');
  if (comma > 0) return { familyName: d.slice(0, comma).trim(), givenName: d.slice(comma + 1).trim() };
  const words = d.split(' ').filter(Boolean);
  if (words.length <= 1) return { familyName: words[0] ?? '', givenName: '' };
  const caps = words.map(isCaps);
  if (caps.some(Boolean) && !caps.every(Boolean)) {
    const last = caps.lastIndexOf(true);
    // The particles in front of the capitals belong to the family name ("Jean van DAMME", "Ó BRIAIN").
    let from = caps.indexOf(true);
    while (from > 0 && isParticle(words[from - 1]!)) from--;
    // Capitals at the end ("Louise Anaïs Ó BRIAIN") or at the start ("Ó BRIAIN Louise Anaïs").
    if (last === words.length - 1 && from > 0) return { familyName: words.slice(from).join(' '), givenName: words.slice(0, from).join(' ') };
    if (from === 0 && last < words.length - 1) return { familyName: words.slice(0, last + 1).join(' '), givenName: words.slice(last + 1).join(' ') };
  }
  for (let i = 1; i < words.length - 1; i++) if (isParticle(words[i]!)) return { familyName: words.slice(i).join(' '), givenName: words.slice(0, i).join(' ') };
  return { familyName: words[words.length - 1]!, givenName: words.slice(0, -1).join(' ') };
}
