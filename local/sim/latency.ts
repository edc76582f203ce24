/**
 * Realistic real-time latency per operation, so local runs feel like AWS and
 * benchmarks see API round trips. Deterministic: each operation always takes
 * the same time (a hash of its name picks a point in the service's range).
 */
import { hashString } from './prng';
import type { ServiceName } from './types';

const RANGES: Record<ServiceName, { read: [number, number]; write: [number, number] }> = {
  drs: { read: [100, 150], write: [150, 250] },
  ec2: { read: [80, 120], write: [120, 200] },
  ssm: { read: [50, 80], write: [80, 150] },
  sts: { read: [35, 45], write: [35, 45] },
};

export function defaultLatencyMs(service: ServiceName, operation: string): number {
  const isRead = /^(Describe|Get|List)/.test(operation);
  const [min, max] = RANGES[service][isRead ? 'read' : 'write'];
  return min + (hashString(`${service}.${operation}`) % (max - min + 1));
}
