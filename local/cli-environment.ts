/**
 * Quiet defaults for `npm start`, set before any module creates its Powertools
 * logger or metrics: the handlers share this process, so their loggers exist
 * from the first import. LOG_LEVEL=INFO shows every task's JSON logs, and
 * METRICS=on prints their EMF metrics.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= process.env.LOG_LEVEL || 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= process.env.METRICS === 'on' ? 'false' : 'true';
