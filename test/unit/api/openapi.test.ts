import '../../support/api/env';
import { readFileSync } from 'node:fs';
import { PUBLIC } from '../../../api/auth/roles';
import { generateOpenApi } from '../../../api/openapi/generate';
import { OPENAPI_PATH, renderOpenApi } from '../../../api/openapi/write';
import { routes } from '../../../api/routes';

const doc = generateOpenApi() as any;

describe('OpenAPI document', () => {
  it('is committed up to date (run `npm run docs:api` after changing routes or contracts)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(renderOpenApi());
  });

  it('describes every route with its operationId, least role and security', () => {
    for (const route of routes) {
      const operation = doc.paths[route.path][route.method.toLowerCase()];
      expect(operation).toMatchObject({ operationId: route.operationId, 'x-least-role': route.access });
      if (route.access === PUBLIC) expect(operation.security).toEqual([]);
      else expect(operation.responses).toHaveProperty('403');
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('uses only OpenAPI 3.0 schema forms and resolves every $ref', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/"type":\[/); // type arrays are 3.1 only
    expect(text).not.toMatch(/"const":/);
    expect(text).not.toMatch(/"\$id":/);
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas).toHaveProperty(name!);
  });

  it('never documents the ExternalId in an answer', () => {
    expect(Object.keys(doc.components.schemas.TargetAccount.properties)).not.toContain('externalId');
  });
});
