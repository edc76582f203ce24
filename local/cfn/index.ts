export * from './types';
export { loadCloudAssembly, HANDLER_METADATA_KEY, type LocalCloudAssembly } from './assembly';
export { resolveIntrinsics, IntrinsicError, NO_VALUE } from './intrinsics';
export { templatesFromApp } from './from-app';
