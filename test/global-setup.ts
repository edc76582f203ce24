import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Runs once per `npm test`: synthesizes the CDK app once (without bundling)
 * so that every test file reads the same templates instead of synthesizing again.
 */
export default async function globalSetup(): Promise<void> {
  const { synthesizeTemplates, TEMPLATES_FILE } = await import('./support/synth');
  fs.mkdirSync(path.dirname(TEMPLATES_FILE), { recursive: true });
  fs.writeFileSync(TEMPLATES_FILE, JSON.stringify(synthesizeTemplates()));
}
