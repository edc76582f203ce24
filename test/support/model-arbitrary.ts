import fc from 'fast-check';
import { loadModel, type ServiceModel, type Shape } from '../../local/sim/models';
import type { ServiceName } from '../../local/sim/types';

export interface ModelArbitraryOptions {
  /** Nested structures deeper than this are left out. @default 4 */
  readonly maxDepth?: number;
  /** Longest generated list. @default 3 */
  readonly maxListLength?: number;
  /** Members replaced by a given arbitrary, by member name at any depth. */
  readonly overrides?: Record<string, fc.Arbitrary<unknown>>;
}

/**
 * A fast-check arbitrary for any value a botocore shape allows, as the AWS
 * SDK hands it to our code (timestamps as Dates, every member optional unless
 * the model requires it). Patterns in the models are unanchored fragments, so
 * strings only honour enums and lengths; ids the code relies on are given by
 * `overrides`.
 */
export function modelArbitrary(service: ServiceName, shapeName: string, options: ModelArbitraryOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  const model = loadModel(service);
  return shapeArbitrary(model, shapeName, 0, { maxDepth: options.maxDepth ?? 4, maxListLength: options.maxListLength ?? 3, overrides: options.overrides ?? {} }) as fc.Arbitrary<Record<string, unknown>>;
}

function shapeArbitrary(model: ServiceModel, name: string, depth: number, options: Required<ModelArbitraryOptions>): fc.Arbitrary<unknown> {
  const shape: Shape = model.shapes[name];
  switch (shape.type) {
    case 'structure': {
      const members: Record<string, fc.Arbitrary<unknown>> = {};
      const required = new Set(shape.required ?? []);
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        const nested = model.shapes[ref.shape];
        if (depth >= options.maxDepth && (nested.type === 'structure' || nested.type === 'list' || nested.type === 'map') && !required.has(member)) continue;
        members[member] = options.overrides[member] ?? shapeArbitrary(model, ref.shape, depth + 1, options);
      }
      return fc.record(members, { requiredKeys: [...required].filter((m) => m in members) });
    }
    case 'list':
      if (depth >= options.maxDepth + 2) return fc.constant([]);
      return fc.array(shapeArbitrary(model, shape.member!.shape, depth + 1, options), {
        minLength: Math.min(shape.min ?? 0, options.maxListLength),
        maxLength: Math.min(shape.max ?? options.maxListLength, options.maxListLength),
      });
    case 'map':
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), shapeArbitrary(model, shape.value!.shape, depth + 1, options), { maxKeys: options.maxListLength });
    case 'string':
      if (shape.enum) return fc.constantFrom(...shape.enum);
      return fc.string({ minLength: shape.min ?? 0, maxLength: Math.min(shape.max ?? 24, 24) });
    case 'integer':
    case 'long':
      return fc.integer({ min: shape.min ?? -1000, max: shape.max ?? 1_000_000 });
    case 'double':
    case 'float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
    case 'blob':
      return fc.uint8Array({ maxLength: 8 });
    default:
      return fc.constant(undefined);
  }
}
