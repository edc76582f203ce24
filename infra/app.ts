#!/usr/bin/env node
import { buildApp } from './build-app';

buildApp({
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
