/**
 * EventBridge event-pattern matching, as documented in "Amazon EventBridge
 * event patterns" and "Content filtering": a pattern field lists the values
 * it accepts (any of them), nested objects match nested fields, arrays in the
 * event match when any element matches, and `$or` takes alternatives. The
 * content filters implemented are prefix, suffix, equals-ignore-case,
 * anything-but, numeric, exists and wildcard; any other operator throws
 * EventPatternNotImplementedError rather than matching by accident.
 */

export class EventPatternNotImplementedError extends Error {
  override readonly name = 'NotImplemented';
}

export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternException';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Pattern = { [key: string]: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when `event` matches `pattern` (the parsed EventPattern of a rule). */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) throw new InvalidEventPatternError('Event pattern is not a JSON object');
  return matchObject(pattern, event);
}

function matchObject(pattern: Pattern, value: unknown): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2) throw new InvalidEventPatternError('$or takes an array of at least two patterns');
      if (!sub.some((alternative) => matchObject(alternative as Pattern, value))) return false;
      continue;
    }
    const field = isObject(value) ? (value as Record<string, Json>)[key] : undefined;
    if (isObject(sub)) {
      if (!isObject(field)) return false;
      if (!matchObject(sub, field)) return false;
    } else if (Array.isArray(sub)) {
      if (!matchLeaf(sub, field)) return false;
    } else {
      throw new InvalidEventPatternError(`The value of ${key} must be an array or an object`);
    }
  }
  return true;
}

/** A leaf: the event field (or any element of it, when it is an array) matches one of the listed values or filters. */
function matchLeaf(accepted: readonly unknown[], field: Json | undefined): boolean {
  const values: Array<Json | undefined> = Array.isArray(field) ? field : [field];
  return accepted.some((rule) => {
    if (isObject(rule) && 'exists' in rule) return (field !== undefined) === rule.exists;
    if (field === undefined) return false;
    return values.some((v) => matchValue(rule, v));
  });
}

function matchValue(rule: unknown, value: Json | undefined): boolean {
  if (!isObject(rule)) return rule === value;
  const [operator, ...more] = Object.keys(rule);
  if (more.length) throw new InvalidEventPatternError(`A content filter takes one operator, got ${Object.keys(rule).join(', ')}`);
  const arg = rule[operator!];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && stringFilter(arg, (p) => value.startsWith(p), (p) => value.toLowerCase().startsWith(p.toLowerCase()));
    case 'suffix':
      return typeof value === 'string' && stringFilter(arg, (s) => value.endsWith(s), (s) => value.toLowerCase().endsWith(s.toLowerCase()));
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof arg === 'string' && value.toLowerCase() === arg.toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && typeof arg === 'string' && wildcard(arg).test(value);
    case 'anything-but':
      return !anythingBut(arg, value);
    case 'numeric':
      return typeof value === 'number' && numeric(arg, value);
    default:
      throw new EventPatternNotImplementedError(`The local event bus does not implement the "${operator}" filter`);
  }
}

/** `"p"` or `{ "equals-ignore-case": "p" }`, as prefix and suffix take. */
function stringFilter(arg: unknown, exact: (s: string) => boolean, ignoringCase: (s: string) => boolean): boolean {
  if (typeof arg === 'string') return exact(arg);
  if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string') return ignoringCase(arg['equals-ignore-case']);
  throw new InvalidEventPatternError('prefix and suffix take a string or { "equals-ignore-case": string }');
}

/** True when `value` is one of what anything-but excludes. */
function anythingBut(arg: unknown, value: Json | undefined): boolean {
  if (Array.isArray(arg)) return arg.includes(value);
  if (isObject(arg)) return matchValue(arg, value);
  return arg === value;
}

function numeric(arg: unknown, value: number): boolean {
  if (!Array.isArray(arg) || arg.length % 2 !== 0) throw new InvalidEventPatternError('numeric takes operator and number pairs');
  for (let i = 0; i < arg.length; i += 2) {
    const [op, n] = [arg[i], Number(arg[i + 1])];
    const ok = op === '=' ? value === n : op === '<' ? value < n : op === '<=' ? value <= n : op === '>' ? value > n : op === '>=' ? value >= n : undefined;
    if (ok === undefined) throw new InvalidEventPatternError(`numeric does not know the operator ${String(op)}`);
    if (!ok) return false;
  }
  return true;
}

function wildcard(text: string): RegExp {
  const body = text
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}
