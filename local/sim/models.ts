/**
 * Loads the official botocore service models. The wire protocols (query
 * parameter names, XML element names) and the conformance checks are both
 * driven by them, so the simulator cannot drift from the real shapes.
 *
 * Models are read from `$DRS_SIM_MODELS_DIR`, else from `aws-models/` beside
 * this file: a copy of the botocore models, shipped so that the simulator
 * works from any clone.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ServiceName } from './types';

export interface ShapeRef {
  shape: string;
  locationName?: string;
  queryName?: string;
  location?: string;
  flattened?: boolean;
  resultWrapper?: string;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  union?: boolean;
  flattened?: boolean;
  locationName?: string;
  exception?: boolean;
  error?: { httpStatusCode?: number; code?: string; senderFault?: boolean };
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef;
}

export interface ServiceModel {
  metadata: { apiVersion: string; protocol: string; targetPrefix?: string; xmlNamespace?: string; jsonVersion?: string };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

const cache = new Map<ServiceName, ServiceModel>();

export function modelsDir(): string {
  const fromEnv = process.env.DRS_SIM_MODELS_DIR;
  if (fromEnv) return fromEnv;
  return path.join(__dirname, 'aws-models');
}

export function loadModel(service: ServiceName): ServiceModel {
  const cached = cache.get(service);
  if (cached) return cached;
  const file = path.join(modelsDir(), service, 'service-2.json.gz');
  if (!existsSync(file)) {
    throw new Error(`botocore model for ${service} not found at ${file}; set DRS_SIM_MODELS_DIR to the aws-models folder`);
  }
  const model = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as ServiceModel;
  cache.set(service, model);
  return model;
}

export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`model has no shape ${name}`);
  return shape;
}
