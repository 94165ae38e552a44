import fc from 'fast-check';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  default?: unknown;
};

/** Values that the test data makes real (ids that exist, today's date), keyed by property name. */
export type Pools = Record<string, readonly unknown[]>;

/**
 * A fast-check arbitrary for values that (mostly) satisfy a JSON Schema made from a zod contract
 * input, so that fuzzing reaches the handlers and not only the validator. Property names with a
 * pool draw real values from it half of the time.
 */
export function arbitraryFor(s: Schema, pools: Pools = {}, name = ''): fc.Arbitrary<unknown> {
  const pool = pools[name];
  const own = base(s, pools);
  return pool && pool.length ? fc.oneof(fc.constantFrom(...pool), own) : own;
}

function base(s: Schema, pools: Pools): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => arbitraryFor(a, pools)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': {
      const max = Math.min(s.maxLength ?? 60, 200);
      const min = s.minLength ?? 0;
      if (s.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2022-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.pattern) {
        return fc
          .stringMatching(new RegExp(s.pattern))
          .filter((x) => x.length >= min && x.length <= max);
      }
      return fc.string({ minLength: min, maxLength: max });
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e6);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e6);
      return type === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) }) : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(s.items ? arbitraryFor(s.items, pools) : fc.jsonValue(), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 5) });
    case 'object': {
      const props = s.properties ?? {};
      const req = new Set(s.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = arbitraryFor(v, pools, k);
      return fc.record(model, { requiredKeys: Object.keys(props).filter((k) => req.has(k)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
