import { AwsSolutionsChecks } from 'cdk-nag';
import { buildTestApp } from '/work/main/test/support/synth';
const t0 = Date.now();
const built = buildTestApp();
const report = new AwsSolutionsChecks(built.app).validateScope(built.app);
for (const v of report.violations) console.log(v.ruleName, v.violatingResources.map((r) => `${r.resourceLogicalId} ${r.locations?.join?.(',') ?? ''} ${JSON.stringify((r as any).findingId ?? '')}`).join(' | '));
console.log(Date.now() - t0, 'ms');
