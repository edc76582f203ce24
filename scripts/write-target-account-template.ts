/**
 * Writes the target-account role as a plain CloudFormation template, for
 * `aws cloudformation deploy` and StackSets. test/unit/infra/target-account-stack.test.ts
 * fails when the file is out of date: run `npm run synth:target-account`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildTargetAccountApp } from '../infra/target-account-app';

export const TARGET_ACCOUNT_TEMPLATE = path.resolve(__dirname, '..', 'docs', 'target-account', 'target-account-role.template.json');

export function targetAccountTemplateText(): string {
  const { app, stack } = buildTargetAccountApp();
  return `${JSON.stringify(app.synth().getStackByName(stack.stackName).template, null, 2)}\n`;
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(TARGET_ACCOUNT_TEMPLATE), { recursive: true });
  fs.writeFileSync(TARGET_ACCOUNT_TEMPLATE, targetAccountTemplateText());
  console.log(`wrote ${path.relative(process.cwd(), TARGET_ACCOUNT_TEMPLATE)}`);
}
