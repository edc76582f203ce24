/**
 * The regions offered in the region pickers: where DRS runs (the API refuses
 * any other). A copy of DRS_COMMERCIAL_REGIONS in lib/regions/drs-regions.ts,
 * because the console imports only types from outside web/ (its dev server
 * serves web/ alone); web/test/regions.test.ts keeps the two equal.
 */
export const DRS_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-northeast-1', 'ap-northeast-2',
  'ap-northeast-3', 'ca-central-1', 'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-north-1', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'sa-east-1',
];
