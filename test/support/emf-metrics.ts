/**
 * Imported first by tests that read the metrics handlers emit: Powertools
 * writes them as EMF lines on stdout, which quiet-logs turns off. The
 * handlers' Metrics is created when the first handler loads, after this.
 */
process.env.POWERTOOLS_METRICS_DISABLED = 'false';

/** One EMF line: its dimensions and metric values. */
export interface EmfRecord {
  readonly namespace: string;
  readonly dimensions: Record<string, string>;
  readonly metrics: Record<string, number>;
}

/** Parses the EMF lines among captured stdout chunks; other output is ignored. */
export function emfRecords(chunks: readonly string[]): EmfRecord[] {
  const records: EmfRecord[] = [];
  for (const line of chunks.join('').split('\n')) {
    if (!line.includes('"_aws"')) continue;
    let parsed: Record<string, unknown> & { _aws?: { CloudWatchMetrics?: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> } };
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    for (const directive of parsed._aws?.CloudWatchMetrics ?? []) {
      const dimensions = Object.fromEntries(directive.Dimensions.flat().map((name) => [name, String(parsed[name])]));
      const metrics = Object.fromEntries(directive.Metrics.map(({ Name }) => [Name, Number(parsed[Name])]));
      records.push({ namespace: directive.Namespace, dimensions, metrics });
    }
  }
  return records;
}

/** Captures what is written to stdout, or another stream, (not echoed) until `stop` is called. */
export function captureStdout(stream: NodeJS.WriteStream = process.stdout): { readonly chunks: string[]; stop(): void } {
  const original = stream.write;
  const chunks: string[] = [];
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
    return true;
  }) as typeof stream.write;
  return { chunks, stop: () => void (stream.write = original) };
}
