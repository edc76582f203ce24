/**
 * Turns our JSON Schemas (draft-07 style, what ajv checks) into OpenAPI 3.0
 * Schema Objects: `type: [T, 'null']` becomes `nullable`, `const` becomes a
 * one-value enum, and every schema with a `title` becomes a named component
 * referenced by `$ref`, so clients generate one type per contract.
 */
export type SchemaObject = Record<string, unknown>;

export class SchemaRegistry {
  readonly components: Record<string, SchemaObject> = {};
  private readonly sources = new Map<string, unknown>();

  /** The OpenAPI form of `schema`: a `$ref` when it is titled, inline otherwise. */
  ref(schema: object): SchemaObject {
    return this.convert(schema as SchemaObject);
  }

  private convert(schema: SchemaObject): SchemaObject {
    const title = schema.title;
    if (typeof title !== 'string') return this.convertInline(schema);
    const known = this.sources.get(title);
    if (known === undefined) {
      this.sources.set(title, schema);
      this.components[title] = this.convertInline(schema);
    } else if (known !== schema && JSON.stringify(known) !== JSON.stringify(schema)) {
      throw new Error(`Two different schemas are titled ${title}; titles name OpenAPI components and must be unique`);
    }
    return { $ref: `#/components/schemas/${title}` };
  }

  private convertInline(schema: SchemaObject): SchemaObject {
    const out: SchemaObject = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$id' || key === '$schema') continue;
      if (key === 'type' && Array.isArray(value)) {
        const types = value.filter((t) => t !== 'null');
        if (types.length !== 1) throw new Error(`OpenAPI 3.0 cannot express type ${JSON.stringify(value)}`);
        out.type = types[0];
        if (types.length !== value.length) out.nullable = true;
      } else if (key === 'const') {
        out.enum = [value];
      } else if (key === 'properties') {
        out.properties = Object.fromEntries(Object.entries(value as Record<string, SchemaObject>).map(([k, v]) => [k, this.convert(v)]));
      } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
        out[key] = typeof value === 'object' && value !== null ? this.convert(value as SchemaObject) : value;
      } else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
        out[key] = (value as SchemaObject[]).map((v) => this.convert(v));
      } else {
        out[key] = value;
      }
    }
    // A nullable enum must list null, or OpenAPI validators reject the null value.
    if (out.nullable && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
}
