/**
 * Model-driven XML writing for the query protocols (EC2 and awsQuery/STS).
 * Element names follow the model's `locationName`s, which is exactly what the
 * SDK's XML deserializers read.
 */
import type { ServiceModel, ShapeRef } from '../models';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function element(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}

/** Serializes the members of a structure value (no enclosing element). */
export function structureToXml(model: ServiceModel, shapeName: string, value: Record<string, unknown>): string {
  const shape = model.shapes[shapeName]!;
  let out = '';
  for (const [memberName, ref] of Object.entries(shape.members ?? {})) {
    const memberValue = value[memberName];
    if (memberValue === undefined || memberValue === null) continue;
    if (ref.location === 'header' || ref.location === 'statusCode') continue;
    out += refToXml(model, ref, ref.locationName ?? memberName, memberValue);
  }
  return out;
}

function refToXml(model: ServiceModel, ref: ShapeRef, name: string, value: unknown): string {
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case 'structure':
      return element(name, structureToXml(model, ref.shape, value as Record<string, unknown>));
    case 'list': {
      const items = value as unknown[];
      const memberRef = shape.member!;
      if (ref.flattened || shape.flattened) {
        return items.map((item) => refToXml(model, memberRef, name, item)).join('');
      }
      const itemName = memberRef.locationName ?? 'member';
      return element(name, items.map((item) => refToXml(model, memberRef, itemName, item)).join(''));
    }
    case 'map': {
      const keyName = shape.key!.locationName ?? 'key';
      const valueName = shape.value!.locationName ?? 'value';
      const entries = Object.entries(value as Record<string, unknown>).map(
        ([k, v]) => element('entry', refToXml(model, shape.key!, keyName, k) + refToXml(model, shape.value!, valueName, v)),
      );
      return ref.flattened || shape.flattened ? entries.join('') : element(name, entries.join(''));
    }
    case 'timestamp':
      return element(name, (value instanceof Date ? value : new Date(String(value))).toISOString());
    case 'blob':
      return element(name, value instanceof Uint8Array ? Buffer.from(value).toString('base64') : escapeXml(String(value)));
    default:
      return element(name, escapeXml(String(value)));
  }
}
