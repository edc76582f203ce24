export { LocalLambda, type LocalLambdaOptions, type InvokeResult } from './invoker';
export { LambdaFunctionError, ResourceNotFoundException } from './errors';
export { planEnvironment, type EnvironmentConflict, type EnvironmentPlan } from './environment';
export { createLambdaContext } from './context';
export { invocationScope, type InvocationScope } from './invocation-scope';
