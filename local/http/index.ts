export { startApiServer, type ApiServer, type ApiServerOptions, type ApiFunctionHandlers, type ProxyHandler } from './server';
export { toProxyEvent, localLambdaContext, API_STAGE } from './proxy-event';
export { startStaticServer, type StaticServer } from './static-server';
export {
  ensureLocalUsers,
  LocalTokenVerifier,
  LOCAL_USERS,
  ADMIN_TOKEN_ENV,
  DEFAULT_LOCAL_DATA_DIR,
  type LocalUser,
  type LocalUsers,
  type TokenVerifier,
} from '../../api/auth/local-tokens';
