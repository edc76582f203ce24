/** Building blocks shared by the schemas. Each is a plain JSON Schema fragment. */

export const accountIdSchema = { type: 'string', pattern: '^[0-9]{12}$', description: 'AWS account id, 12 digits.' } as const;

export const regionSchema = {
  type: 'string',
  pattern: '^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$',
  description: 'AWS region code, e.g. us-east-1.',
} as const;

export const sourceServerIdSchema = { type: 'string', pattern: '^s-[0-9a-zA-Z]{17}$', description: 'DRS source server id.' } as const;

export const recoveryInstanceIdSchema = { type: 'string', pattern: '^i-[0-9a-fA-F]{8,}$', maxLength: 19, description: 'DRS recovery instance id.' } as const;

export const ec2InstanceIdSchema = { type: 'string', pattern: '^i-[0-9a-fA-F]{8,}$', maxLength: 19 } as const;

export const isoDateTimeSchema = { type: 'string', format: 'date-time' } as const;

export const roleArnSchema = {
  type: 'string',
  pattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$',
  description: 'IAM role the orchestrator assumes in the account.',
} as const;

export const externalIdSchema = { type: 'string', minLength: 2, maxLength: 1224, pattern: '^[\\w+=,.@:/-]+$' } as const;

/** Step Functions execution ARN, carried in task inputs as the logs' correlation id. */
export const executionArnSchema = { type: 'string', pattern: '^arn:aws[a-z-]*:states:', maxLength: 2048 } as const;
