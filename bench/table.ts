/** Plain-text tables for the console. */

export function table(header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const cells = [header, ...rows].map((row) => row.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((row) => typeof row[i] === 'number' || /^[\d.,×x%-]+( ms)?$/.test(String(row[i]))));
  const line = (row: readonly string[]) => row.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const heading = (text: string) => `\n${text}\n${'='.repeat(text.length)}`;

export const fmtMs = (ms: number) => `${ms >= 100 ? Math.round(ms) : Math.round(ms * 10) / 10} ms`;
export const fmtRatio = (r: number) => `${r >= 10 ? Math.round(r) : Math.round(r * 10) / 10}×`;
export const fmtCounts = (record: Record<string, number>) =>
  Object.entries(record).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
