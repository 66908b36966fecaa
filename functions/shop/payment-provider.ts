import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { BusinessRuleError, TransientError } from '../../runtime/errors.ts';

/** The provider refused the payment for good (`tok_decline`). */
export class PaymentDeclinedError extends BusinessRuleError {
  override readonly name = 'PaymentDeclinedError';
}

/** The provider could not be reached or answered 5xx: retry later (`tok_flaky_N`, `tok_down`). */
export class ProviderUnavailableError extends TransientError {
  override readonly name = 'ProviderUnavailableError';
}

/** What the simulated provider's ledger holds for one order. */
export interface PaymentLedger {
  readonly orderId: string;
  readonly attempts: number;
  readonly charges: number;
}

/**
 * A simulated payment provider, deterministic per order, that charges at most once per order: like
 * real providers taking an idempotency key, it keys its ledger by order id, so a retried charge
 * after a lost answer returns the first charge instead of taking money twice. Tokens:
 * `tok_ok` succeeds; `tok_decline` declines for good; `tok_flaky_N` (N 1-9) is unavailable for its
 * first N attempts, then succeeds; `tok_down` is always unavailable; anything else declines.
 */
export class PaymentProvider {
  readonly #tableName: string;
  readonly #client: DynamoDBClient;

  constructor(tableName: string, client: DynamoDBClient = new DynamoDBClient({})) {
    this.#tableName = tableName;
    this.#client = client;
  }

  /** Charges `orderId` (at most once, however often it is called), or throws why it could not. */
  async charge(orderId: string, token: string): Promise<void> {
    const attempt = await this.#countAttempt(orderId);
    const flaky = /^tok_flaky_([1-9])$/.exec(token);
    if (token === 'tok_down' || (flaky && attempt <= Number(flaky[1]))) {
      throw new ProviderUnavailableError(
        `payment provider unavailable for order ${orderId} (attempt ${attempt})`,
      );
    }
    if (token !== 'tok_ok' && !flaky) {
      throw new PaymentDeclinedError(`payment declined for order ${orderId} (token ${token})`);
    }
    // Idempotent on the provider side: only the first successful attempt moves charges from 0 to 1.
    await this.#client
      .send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: ledgerKey(orderId),
          UpdateExpression: 'SET charges = :one',
          ConditionExpression: 'attribute_not_exists(charges) OR charges = :zero',
          ExpressionAttributeValues: { ':one': { N: '1' }, ':zero': { N: '0' } },
        }),
      )
      .catch((error: unknown) => {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  /** The ledger of one order (zeros when the provider never saw it). */
  async ledger(orderId: string): Promise<PaymentLedger> {
    const { Item } = await this.#client.send(
      new GetItemCommand({ TableName: this.#tableName, Key: ledgerKey(orderId), ConsistentRead: true }),
    );
    return { orderId, attempts: Number(Item?.attempts?.N ?? 0), charges: Number(Item?.charges?.N ?? 0) };
  }

  async #countAttempt(orderId: string): Promise<number> {
    const { Attributes } = await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#tableName,
        Key: ledgerKey(orderId),
        UpdateExpression: 'ADD attempts :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.attempts?.N ?? 1);
  }
}

function ledgerKey(orderId: string) {
  return { pk: { S: `PAYMENT#${orderId}` }, sk: { S: 'LEDGER' } };
}
