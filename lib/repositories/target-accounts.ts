import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  paginateScan,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { StagingAccountRecord, TargetAccountRecord, TargetAccountValidationSummary } from '../../contracts/records/target-account';
import { documentClient } from '../dynamodb';
import { ConflictError, NotFoundError } from '../errors';
import { conditionalWrite, tableCall } from './table-calls';

/**
 * The target accounts table (key `accountId`). Writes are conditional, so a
 * create never overwrites and an update or delete never resurrects a record a
 * concurrent request removed.
 */
export class TargetAccountRepository {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  /** Every account, following the Scan's pages: the table holds tens of rows, not thousands. */
  async list(): Promise<TargetAccountRecord[]> {
    const items = await tableCall(this.tableName, 'Scan', async () => {
      const all: TargetAccountRecord[] = [];
      for await (const page of paginateScan({ client: this.client }, { TableName: this.tableName })) all.push(...((page.Items ?? []) as TargetAccountRecord[]));
      return all;
    });
    return items.sort((a, b) => a.accountId.localeCompare(b.accountId));
  }

  async get(accountId: string): Promise<TargetAccountRecord | undefined> {
    const { Item } = await tableCall(this.tableName, 'GetItem', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: { accountId }, ConsistentRead: true })),
    );
    return Item as TargetAccountRecord | undefined;
  }

  /** Like get, for callers to whom a missing account is an error. */
  async require(accountId: string): Promise<TargetAccountRecord> {
    const record = await this.get(accountId);
    if (!record) throw new NotFoundError(`Target account ${accountId} does not exist`);
    return record;
  }

  /** Stores a new account; ConflictError when the account id is already registered. */
  async create(record: TargetAccountRecord): Promise<void> {
    await this.conditional(
      'PutItem (create)',
      () =>
        this.client.send(
          new PutCommand({ TableName: this.tableName, Item: record, ConditionExpression: 'attribute_not_exists(accountId)' }),
        ),
      () => new ConflictError(`Target account ${record.accountId} already exists`),
    );
  }

  /**
   * Replaces an account that was last written at `expectedUpdatedAt`
   * (optimistic locking). NotFoundError when it is gone, ConflictError when
   * someone else changed it in between.
   */
  async replace(record: TargetAccountRecord, expectedUpdatedAt: string): Promise<void> {
    await this.conditional(
      'PutItem (replace)',
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: record,
            ConditionExpression: 'attribute_exists(accountId) AND updatedAt = :expected',
            ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
          }),
        ),
      async () =>
        (await this.get(record.accountId))
          ? new ConflictError(`Target account ${record.accountId} was changed by another request; reload and retry`)
          : new NotFoundError(`Target account ${record.accountId} does not exist`),
    );
  }

  /** Records the outcome of a validation run; NotFoundError when the account was deleted meanwhile. */
  async recordValidation(accountId: string, lastValidation: NonNullable<TargetAccountValidationSummary>): Promise<void> {
    await this.conditional(
      'UpdateItem (validation)',
      () =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { accountId },
            UpdateExpression: 'SET lastValidation = :v',
            ConditionExpression: 'attribute_exists(accountId)',
            ExpressionAttributeValues: { ':v': lastValidation },
          }),
        ),
      () => new NotFoundError(`Target account ${accountId} does not exist`),
    );
  }

  /**
   * Replaces the account's staging accounts, if the account was last written
   * at `expectedUpdatedAt` (optimistic locking, as replace); stamps `updatedAt`.
   * NotFoundError when it is gone, ConflictError when changed.
   */
  async setStagingAccounts(accountId: string, stagingAccounts: StagingAccountRecord[], expectedUpdatedAt: string, updatedAt: string): Promise<void> {
    await this.conditional(
      'UpdateItem (staging accounts)',
      () =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { accountId },
            UpdateExpression: 'SET stagingAccounts = :list, updatedAt = :now',
            ConditionExpression: 'attribute_exists(accountId) AND updatedAt = :expected',
            ExpressionAttributeValues: { ':list': stagingAccounts, ':now': updatedAt, ':expected': expectedUpdatedAt },
          }),
        ),
      async () =>
        (await this.get(accountId))
          ? new ConflictError(`Target account ${accountId} was changed by another request; reload and retry`)
          : new NotFoundError(`Target account ${accountId} does not exist`),
    );
  }

  /** Deletes an account; NotFoundError when there is none. */
  async delete(accountId: string): Promise<void> {
    await this.conditional(
      'DeleteItem',
      () =>
        this.client.send(
          new DeleteCommand({ TableName: this.tableName, Key: { accountId }, ConditionExpression: 'attribute_exists(accountId)' }),
        ),
      () => new NotFoundError(`Target account ${accountId} does not exist`),
    );
  }

  /** A conditional write whose failed condition becomes the error `onConditionFailed` names. */
  private async conditional(operation: string, write: () => Promise<unknown>, onConditionFailed: () => Error | Promise<Error>): Promise<void> {
    if (!(await conditionalWrite(this.tableName, operation, write))) throw await onConditionFailed();
  }
}
