import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
/** The templates the e2e global setup synthesized once for this run. */
export const E2E_TEMPLATES_FILE = path.join(PROJECT_ROOT, '.test-cache', 'e2e-templates.json');
/** Git-ignored (test-results/): one PNG per page a test visited. */
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
export const CONSOLE_DIR = path.join(PROJECT_ROOT, 'web', 'dist');
