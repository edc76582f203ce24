/**
 * Lets CommonJS code (tsx runs this repository's .ts files as CommonJS)
 * require @middy/*, which publishes only an `import` export condition. The
 * same handlers are bundled as ES modules for Lambda, where this is moot;
 * Jest does the same mapping in jest.config.js. Node 22 can require an ES
 * module once it is found, so only the resolution needs help.
 */
import { registerHooks } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ESM_ONLY = /^@middy\/([a-z-]+)$/;
const nodeModules = path.resolve(__dirname, '..', 'node_modules');

registerHooks({
  resolve(specifier, context, nextResolve) {
    const match = ESM_ONLY.exec(specifier);
    if (match) return { url: pathToFileURL(path.join(nodeModules, '@middy', match[1], 'index.js')).href, format: 'module', shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
