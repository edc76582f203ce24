import { mockClient } from 'aws-sdk-client-mock';

/**
 * aws-sdk-client-mock, with its client and command types erased. The hoisted
 * @smithy/types (2.x, pulled in by @aws-sdk/client-drs 3.523) is older than
 * the one the STS and lib-dynamodb clients were built against (4.x), so the
 * library's generics reject those classes at compile time although they work
 * at run time. Aligning the @aws-sdk/* versions in package.json removes the
 * need for this.
 */
export function mockSdkClient(client: unknown): SdkStub {
  return mockClient(client as Parameters<typeof mockClient>[0]) as unknown as SdkStub;
}

export interface SdkStub {
  on(command: unknown, input?: unknown): SdkBehavior;
  commandCalls(command: unknown): { args: [{ input: any }] }[];
  /** Every call the stub received, of any command. */
  calls(): { args: [{ input: any }] }[];
  reset(): SdkStub;
  restore(): void;
}

export interface SdkBehavior {
  resolves(output: unknown): SdkBehavior;
  resolvesOnce(output: unknown): SdkBehavior;
  rejects(error: unknown): SdkBehavior;
  callsFake(fake: (input: any, getClient: () => any) => unknown): SdkBehavior;
}
