/**
 * The regions Elastic Disaster Recovery runs in: the one list every
 * multi-region operation starts from (the active-region filter narrows it).
 * Source: the DRS endpoints page of the AWS General Reference.
 */
export const DRS_COMMERCIAL_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
] as const;

/** AWS GovCloud (US): a partition of its own, used only when a deployment opts in. */
export const DRS_GOVCLOUD_REGIONS = ['us-gov-east-1', 'us-gov-west-1'] as const;

export interface DrsRegionOptions {
  /** Add the GovCloud regions. @default false */
  readonly includeGovCloud?: boolean;
}

/** Every DRS region, in a stable order. */
export function drsRegions(options: DrsRegionOptions = {}): readonly string[] {
  return options.includeGovCloud ? [...DRS_COMMERCIAL_REGIONS, ...DRS_GOVCLOUD_REGIONS] : DRS_COMMERCIAL_REGIONS;
}

export const isDrsRegion = (region: string, options: DrsRegionOptions = {}): boolean => drsRegions(options).includes(region);
