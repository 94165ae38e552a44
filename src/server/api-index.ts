import { z } from 'zod';
import { contract, METHOD_NAMES } from '../api/contract';

export interface MethodDescription {
  name: string;
  role: string;
  summary: string;
  path: string;
  input: unknown;
}

/** `GET /api`: every method with its role and the JSON Schema of its input, for other desks and integrators. */
export function describeApi(): MethodDescription[] {
  return METHOD_NAMES.map((name) => {
    const spec = contract[name];
    let input: unknown;
    try {
      input = z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' });
    } catch {
      input = { description: 'not representable as JSON Schema' };
    }
    return { name, role: spec.role, summary: spec.summary, path: `/api/${name}`, input };
  });
}
