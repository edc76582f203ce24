/**
 * EventBridge schedule expressions: `rate(...)`, `cron(...)` (six fields,
 * AWS flavour) and Scheduler's one-time `at(...)`. Times are UTC; `L`, `W`
 * and `#` are not supported and fail at parse time.
 */
export interface ScheduleExpression {
  readonly text: string;
  /** The first fire time strictly after `afterMs` (epoch ms), or undefined if it never fires again. */
  next(afterMs: number): number | undefined;
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function parseScheduleExpression(text: string, anchorMs: number): ScheduleExpression {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(text.trim());
  if (rate) {
    const every = Number(rate[1]) * UNIT_MS[rate[2]!.replace(/s$/, '')]!;
    if (!(every > 0)) throw new Error(`Invalid rate expression: ${text}`);
    // Rates count from when the schedule was created (the anchor).
    return { text, next: (after) => anchorMs + (Math.floor((after - anchorMs) / every) + 1) * every };
  }
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(text.trim());
  if (at) {
    const when = Date.parse(`${at[1]}Z`);
    return { text, next: (after) => (when > after ? when : undefined) };
  }
  const cron = /^cron\((.+)\)$/.exec(text.trim());
  if (cron) return parseCron(text, cron[1]!);
  throw new Error(`Unsupported schedule expression: ${text}`);
}

function parseField(field: string, min: number, max: number, names?: string[], offset = 0): Set<number> | undefined {
  if (field === '*' || field === '?') return undefined;
  if (/[LW#]/.test(field)) throw new Error(`cron field "${field}": L, W and # are not supported locally`);
  const values = new Set<number>();
  const value = (s: string) => {
    const named = names?.indexOf(s.toUpperCase()) ?? -1;
    const n = named >= 0 ? named + offset : Number(s);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`cron value "${s}" out of range ${min}-${max}`);
    return n;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a, b] = range!.split('-');
      from = value(a!);
      to = b !== undefined ? value(b) : stepText ? max : from;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function parseCron(text: string, body: string): ScheduleExpression {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`cron needs 6 fields (minutes hours day-of-month month day-of-week year): ${text}`);
  const [mi, ho, dom, mo, dow, yr] = fields as [string, string, string, string, string, string];
  const minutes = parseField(mi, 0, 59);
  const hours = parseField(ho, 0, 23);
  const daysOfMonth = parseField(dom, 1, 31);
  const months = parseField(mo, 1, 12, MONTHS, 1);
  const daysOfWeek = parseField(dow, 1, 7, DAYS, 1); // AWS: 1 = Sunday
  const years = parseField(yr, 1970, 2199);
  const ok = (set: Set<number> | undefined, v: number) => !set || set.has(v);
  return {
    text,
    next: (after) => {
      const d = new Date(Math.floor(after / 60_000) * 60_000 + 60_000);
      for (let guard = 0; guard < 500_000; guard++) {
        if (d.getUTCFullYear() > 2199) return undefined;
        if (!ok(years, d.getUTCFullYear())) {
          d.setUTCFullYear(d.getUTCFullYear() + 1, 0, 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!ok(months, d.getUTCMonth() + 1)) {
          d.setUTCMonth(d.getUTCMonth() + 1, 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!ok(daysOfMonth, d.getUTCDate()) || !ok(daysOfWeek, d.getUTCDay() + 1)) {
          d.setUTCDate(d.getUTCDate() + 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!ok(hours, d.getUTCHours())) {
          d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
        } else if (!ok(minutes, d.getUTCMinutes())) {
          d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
        } else return d.getTime();
      }
      return undefined;
    },
  };
}
