/**
 * Handlers run in the test process: keep their JSON logs and EMF metrics out
 * of the test output unless a run asks for them (LOG_LEVEL=INFO npm test).
 */
process.env.POWERTOOLS_LOG_LEVEL ??= process.env.LOG_LEVEL || 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
