import { describe, expect, it } from 'vitest';
import nl from './nl.json';
import fr from './fr.json';
import en from './en.json';

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

/**
 * Texts that are rightly the same as the English one: names, codes, units and true cognates.
 * Anything else equal to English is English left in place. Add a key here only after checking
 * the word is what a Dutch or French speaker would write.
 */
const SAME_AS_EN: Record<'nl' | 'fr', string[]> = {
  nl: [
    'app.name', 'lang.nl', 'lang.fr', 'lang.en', 'nav.planning', 'planning.title', 'reception.duration.m', 'reception.vaccine.given', 'reception.lot',
    'reception.day.filter', 'reception.leftover.product', 'reports.tabs.week', 'reports.weekTitle', 'reports.product', 'reports.lot', 'files.field.status',
    'planning.state.ok', 'planning.day.open', 'planning.deliveries.status', 'stock.catalog.code', 'stock.lot', 'stock.expiryState.ok', 'sync.statusTitle',
    'stock.product.COMIRNATY', 'stock.product.SPIKEVAX', 'stock.product.VAXZEVRIA', 'stock.product.JCOVDEN',
  ],
  fr: [
    'app.name', 'lang.nl', 'lang.fr', 'lang.en', 'nav.label', 'nav.stock', 'staff.actions', 'audit.page', 'reception.duration.hm', 'reception.duration.m',
    'reception.vaccine.given', 'reception.dose', 'reception.doseLabel', 'reception.lot', 'reports.lot', 'reports.dose', 'reports.doses', 'paper.dose',
    'planning.day.date', 'planning.deliveries.date', 'planning.deliveries.doses', 'planning.deliveries.lots', 'planning.deliveries.actions', 'stock.catalog.code',
    'stock.title', 'stock.lots', 'stock.lot', 'stock.expiryState.ok', 'sync.actions', 'sync.kind.immunization',
    'stock.product.COMIRNATY', 'stock.product.SPIKEVAX', 'stock.product.VAXZEVRIA', 'stock.product.JCOVDEN',
  ],
};

describe('no English left in place', () => {
  const EN = flatten(en as Tree);
  for (const [lang, tree] of [['nl', nl], ['fr', fr]] as const) {
    it(`lists the ${lang} keys whose text equals the English one: only the allowed cognates`, () => {
      const same = [...flatten(tree as Tree)].filter(([k, v]) => EN.get(k) === v).map(([k]) => k);
      expect(same.filter((k) => !SAME_AS_EN[lang].includes(k))).toEqual([]);
    });
  }
  it('French agrees the not-found message', () => {
    expect(flatten(fr as Tree).get('reception.notice.notFound')).toMatch(/^Aucune personne trouvée\./);
  });
});
