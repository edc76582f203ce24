/**
 * Where "now" comes from. Handlers, repositories and the AWS client factory
 * read the time through a `Clock` in their dependencies, defaulting to
 * `processClock`. In AWS that is the system clock. The local platform points
 * the process clock at its virtual clock once at start-up, the way it sets
 * endpoints, so no handler holds a local-only branch and every timestamp the
 * platform writes (run records, locks, createdAt/updatedAt, credential
 * expiry) agrees with the Step Functions engine and the simulated estate.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

let source: Clock = systemClock;

/** The process-wide clock: the system clock unless the local platform set its own. */
export const processClock: Clock = { now: () => source.now() };

/**
 * Makes `clock` the process clock and returns a function that restores the
 * previous one (tests start several local platforms in one process).
 */
export function setProcessClock(clock: Clock): () => void {
  const previous = source;
  source = clock;
  return () => {
    if (source === clock) source = previous;
  };
}
