/** Imported first by tests that read the handlers' logs: every logger created after this logs at DEBUG. */
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
