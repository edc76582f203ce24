import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateOpenApi } from './generate';

/** Where the committed OpenAPI document lives; a test fails when it is out of date. */
export const OPENAPI_PATH = path.resolve(__dirname, '..', '..', 'docs', 'api', 'openapi.json');

/** The document exactly as committed. */
export function renderOpenApi(): string {
  return `${JSON.stringify(generateOpenApi(), null, 2)}\n`;
}

// `npm run docs:api`
if (require.main === module) {
  writeFileSync(OPENAPI_PATH, renderOpenApi());
  console.log(`Wrote ${path.relative(process.cwd(), OPENAPI_PATH)}`);
}
