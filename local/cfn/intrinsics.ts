/**
 * CloudFormation intrinsic functions, evaluated the way CloudFormation does
 * at deploy time, against the local physical ids.
 */

/** `Ref: AWS::NoValue` removes the property or list element that holds it. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export interface IntrinsicScope {
  readonly stackName: string;
  /** `Ref` of a parameter, pseudo parameter or resource; undefined when unknown. */
  ref(name: string): unknown;
  /** `Fn::GetAtt`. */
  getAtt(logicalId: string, attribute: string): unknown;
  importValue(exportName: string): unknown;
  condition(name: string): boolean;
  findInMap(map: string, top: string, second: string): unknown;
  readonly region: string;
}

export class IntrinsicError extends Error {
  override readonly name = 'IntrinsicError';
}

type Json = unknown;

export function resolveIntrinsics(value: Json, scope: IntrinsicScope, path = '$'): Json {
  if (Array.isArray(value)) {
    return value.map((v, i) => resolveIntrinsics(v, scope, `${path}[${i}]`)).filter((v) => v !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, Json>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0] === 'Condition')) {
    const fn = keys[0]!;
    if (fn === 'Condition' && typeof obj[fn] !== 'string') {
      // A property named Condition, not the intrinsic.
    } else {
      return evaluate(fn, obj[fn], scope, path);
    }
  }
  const out: Record<string, Json> = {};
  for (const key of keys) {
    const v = resolveIntrinsics(obj[key], scope, `${path}.${key}`);
    if (v !== NO_VALUE) out[key] = v;
  }
  return out;
}

function str(value: Json, what: string, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new IntrinsicError(`${what} at ${path} expected a string, got ${JSON.stringify(value)}`);
}

function list(value: Json, what: string, path: string): Json[] {
  if (!Array.isArray(value)) throw new IntrinsicError(`${what} at ${path} expected a list, got ${JSON.stringify(value)}`);
  return value;
}

function evaluate(fn: string, arg: Json, scope: IntrinsicScope, path: string): Json {
  const r = (v: Json) => resolveIntrinsics(v, scope, `${path}.${fn}`);
  switch (fn) {
    case 'Ref': {
      const name = str(arg, 'Ref', path);
      if (name === 'AWS::NoValue') return NO_VALUE;
      const v = scope.ref(name);
      if (v === undefined) throw new IntrinsicError(`Ref to unknown ${name} at ${path} in stack ${scope.stackName}`);
      return v;
    }
    case 'Fn::GetAtt': {
      const [id, ...attr] = typeof arg === 'string' ? arg.split('.') : list(r(arg), fn, path).map((x) => str(x, fn, path));
      return scope.getAtt(id!, attr.join('.'));
    }
    case 'Fn::Join': {
      const [delimiter, items] = list(arg, fn, path);
      return list(r(items), fn, path)
        .map((x) => str(x, fn, path))
        .join(str(delimiter, fn, path));
    }
    case 'Fn::Sub': {
      const [template, vars] = typeof arg === 'string' ? [arg, {}] : list(arg, fn, path);
      const variables = (r(vars ?? {}) ?? {}) as Record<string, Json>;
      return str(template, fn, path).replace(/\$\{([^}]+)\}/g, (_m, expr: string) => {
        if (expr.startsWith('!')) return `\${${expr.slice(1)}}`;
        if (expr in variables) return str(variables[expr], fn, path);
        if (expr.includes('.')) {
          const [id, ...attr] = expr.split('.');
          return str(scope.getAtt(id!, attr.join('.')), fn, path);
        }
        return str(evaluate('Ref', expr, scope, path), fn, path);
      });
    }
    case 'Fn::Select': {
      const [index, items] = list(arg, fn, path);
      const arr = list(r(items), fn, path);
      const i = Number(r(index));
      if (!(i >= 0 && i < arr.length)) throw new IntrinsicError(`Fn::Select index ${i} out of range at ${path}`);
      return arr[i];
    }
    case 'Fn::Split': {
      const [delimiter, source] = list(arg, fn, path);
      return str(r(source), fn, path).split(str(delimiter, fn, path));
    }
    case 'Fn::ImportValue':
      return scope.importValue(str(r(arg), fn, path));
    case 'Fn::If': {
      const [cond, whenTrue, whenFalse] = list(arg, fn, path);
      return r(scope.condition(str(cond, fn, path)) ? whenTrue : whenFalse);
    }
    case 'Condition':
      return scope.condition(str(arg, fn, path));
    case 'Fn::Equals': {
      const [a, b] = list(r(arg), fn, path);
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not':
      return !list(r(arg), fn, path)[0];
    case 'Fn::And':
      return list(r(arg), fn, path).every(Boolean);
    case 'Fn::Or':
      return list(r(arg), fn, path).some(Boolean);
    case 'Fn::FindInMap': {
      const [map, top, second] = list(r(arg), fn, path).map((x) => str(x, fn, path));
      return scope.findInMap(map!, top!, second!);
    }
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((z) => `${scope.region}${z}`);
    case 'Fn::Base64':
      return Buffer.from(str(r(arg), fn, path)).toString('base64');
    case 'Fn::ToJsonString':
      return JSON.stringify(r(arg));
    case 'Fn::Length':
      return list(r(arg), fn, path).length;
    default:
      throw new IntrinsicError(`Unsupported intrinsic ${fn} at ${path} in stack ${scope.stackName}`);
  }
}
