import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type Projection,
  type StreamViewType,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type CreateContext, type ResourceKind, stringProperty } from '../resource-kind.ts';
import { isRecord } from '../template.ts';

/** An index as CreateTable takes it: throughput and per-index settings dropped (tables are on-demand). */
function index(value: unknown): GlobalSecondaryIndex {
  const source = isRecord(value) ? value : {};
  return {
    IndexName: String(source.IndexName),
    KeySchema: source.KeySchema as KeySchemaElement[],
    Projection: (source.Projection ?? { ProjectionType: 'ALL' }) as Projection,
  };
}

function indexes(value: unknown): GlobalSecondaryIndex[] | undefined {
  return Array.isArray(value) && value.length > 0 ? value.map(index) : undefined;
}

/** The stream view type of a Table (`StreamSpecification.StreamViewType`) or GlobalTable (same path). */
function streamViewType(properties: Readonly<Record<string, unknown>>): string | undefined {
  const spec = properties.StreamSpecification;
  return isRecord(spec) && typeof spec.StreamViewType === 'string' ? spec.StreamViewType : undefined;
}

/**
 * The CreateTable input of an `AWS::DynamoDB::Table` or `AWS::DynamoDB::GlobalTable`: keys, indexes,
 * stream; always on-demand, since DynamoDB Local ignores capacity.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html
 */
export function createTableInput(
  tableName: string,
  properties: Readonly<Record<string, unknown>>,
): CreateTableCommandInput {
  const viewType = streamViewType(properties);
  const gsis = indexes(properties.GlobalSecondaryIndexes);
  const lsis = indexes(properties.LocalSecondaryIndexes);
  return {
    TableName: tableName,
    AttributeDefinitions: properties.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    KeySchema: properties.KeySchema as CreateTableCommandInput['KeySchema'],
    BillingMode: 'PAY_PER_REQUEST',
    ...(gsis ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(lsis ? { LocalSecondaryIndexes: lsis } : {}),
    ...(viewType
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: viewType as StreamViewType } }
      : {}),
  };
}

async function createOrReuse(
  context: CreateContext,
  input: CreateTableCommandInput,
): Promise<TableDescription> {
  const { dynamodb } = context.clients;
  try {
    const created = await dynamodb.send(new CreateTableCommand(input));
    if (created.TableDescription) return created.TableDescription;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
  }
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: input.TableName }));
  if (!Table) throw new Error(`DynamoDB Local describes no table ${input.TableName}`);
  const existingIndexes = (Table.GlobalSecondaryIndexes ?? []).map((gsi) => gsi.IndexName).sort();
  const wantedIndexes = (input.GlobalSecondaryIndexes ?? []).map((gsi) => gsi.IndexName).sort();
  if (JSON.stringify(existingIndexes) !== JSON.stringify(wantedIndexes)) {
    context.warn(
      `table ${input.TableName} already exists with global secondary indexes [${existingIndexes.join(', ')}], ` +
        `the template wants [${wantedIndexes.join(', ')}]. Delete the persisted data folder to recreate it.`,
    );
  }
  const wantedView = input.StreamSpecification?.StreamViewType;
  if (wantedView && !Table.StreamSpecification?.StreamEnabled) {
    const updated = await dynamodb.send(
      new UpdateTableCommand({ TableName: input.TableName, StreamSpecification: input.StreamSpecification }),
    );
    return updated.TableDescription ?? Table;
  }
  return Table;
}

async function applyTimeToLive(context: CreateContext, tableName: string): Promise<void> {
  const spec = context.properties.TimeToLiveSpecification;
  if (!isRecord(spec) || typeof spec.AttributeName !== 'string' || String(spec.Enabled) !== 'true') return;
  const { dynamodb } = context.clients;
  const current = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const description = current.TimeToLiveDescription;
  if (description?.TimeToLiveStatus === 'ENABLED' && description.AttributeName === spec.AttributeName) return;
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: spec.AttributeName, Enabled: true },
    }),
  );
}

/**
 * `AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable` (one local replica): created in DynamoDB
 * Local with keys, GSIs, LSIs, stream and TTL; an existing table of the same name is reused (its
 * stream turned on if needed). Ref is the table name; attributes `Arn`, `StreamArn` (the real stream
 * ARN of DynamoDB Local, only when the stream is on) and, for a GlobalTable, `TableId`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#aws-resource-dynamodb-table-return-values
 */
export const dynamodbTable: ResourceKind = {
  effect: 'provisioned',
  async create(context) {
    const tableName =
      stringProperty(context.properties, 'TableName') ?? context.generatedName({ maxLength: 255 });
    const table = await createOrReuse(context, createTableInput(tableName, context.properties));
    await applyTimeToLive(context, tableName);
    const wantsStream = streamViewType(context.properties) !== undefined;
    return {
      physicalId: tableName,
      ref: tableName,
      attributes: {
        Arn: table.TableArn,
        ...(wantsStream ? { StreamArn: table.LatestStreamArn } : {}),
        ...(context.type === 'AWS::DynamoDB::GlobalTable' ? { TableId: table.TableId } : {}),
      },
    };
  },
};
