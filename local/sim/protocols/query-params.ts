/**
 * Model-driven parsing of query-protocol parameters (`Filter.1.Value.2=…`)
 * into an SDK-form object. EC2 and awsQuery differ in naming and list
 * encoding; the `dialect` switch captures exactly those differences.
 */
import type { ServiceModel, ShapeRef } from '../models';

export type QueryDialect = 'ec2' | 'query';

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function memberKey(dialect: QueryDialect, memberName: string, ref: ShapeRef): string {
  if (dialect === 'ec2') return ref.queryName ?? (ref.locationName ? capitalize(ref.locationName) : memberName);
  return ref.locationName ?? memberName;
}

export function parseQueryStructure(
  model: ServiceModel,
  shapeName: string,
  params: Map<string, string>,
  dialect: QueryDialect,
  prefix = '',
): Record<string, unknown> {
  const shape = model.shapes[shapeName]!;
  const out: Record<string, unknown> = {};
  for (const [memberName, ref] of Object.entries(shape.members ?? {})) {
    const value = parseRef(model, ref, params, dialect, prefix + memberKey(dialect, memberName, ref));
    if (value !== undefined) out[memberName] = value;
  }
  return out;
}

function hasPrefix(params: Map<string, string>, key: string): boolean {
  if (params.has(key)) return true;
  const dotted = `${key}.`;
  for (const k of params.keys()) if (k.startsWith(dotted)) return true;
  return false;
}

function parseRef(model: ServiceModel, ref: ShapeRef, params: Map<string, string>, dialect: QueryDialect, key: string): unknown {
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case 'structure':
      return hasPrefix(params, key) ? parseQueryStructure(model, ref.shape, params, dialect, `${key}.`) : undefined;
    case 'list': {
      if (!hasPrefix(params, key)) return undefined;
      // awsQuery encodes an empty list as the bare key with an empty value.
      if (params.get(key) === '') return [];
      const flattened = dialect === 'ec2' || ref.flattened || shape.flattened;
      const base = flattened ? key : `${key}.${shape.member!.locationName ?? 'member'}`;
      const items: unknown[] = [];
      for (let i = 1; hasPrefix(params, `${base}.${i}`); i++) items.push(parseRef(model, shape.member!, params, dialect, `${base}.${i}`));
      return items;
    }
    case 'map': {
      if (!hasPrefix(params, key)) return undefined;
      const flattened = ref.flattened || shape.flattened;
      const base = flattened ? key : `${key}.entry`;
      const map: Record<string, unknown> = {};
      for (let i = 1; hasPrefix(params, `${base}.${i}`); i++) {
        const k = params.get(`${base}.${i}.${shape.key!.locationName ?? 'key'}`);
        if (k !== undefined) map[k] = parseRef(model, shape.value!, params, dialect, `${base}.${i}.${shape.value!.locationName ?? 'value'}`);
      }
      return map;
    }
    default: {
      const raw = params.get(key);
      if (raw === undefined) return undefined;
      if (shape.type === 'integer' || shape.type === 'long') return /^-?\d+$/.test(raw) ? Number(raw) : raw;
      if (shape.type === 'double' || shape.type === 'float') return Number.isFinite(Number(raw)) ? Number(raw) : raw;
      if (shape.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
      if (shape.type === 'timestamp') return Number.isNaN(Date.parse(raw)) ? raw : new Date(raw);
      return raw;
    }
  }
}
