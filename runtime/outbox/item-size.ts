import type { AttributeValue, TransactWriteItem } from '@aws-sdk/client-dynamodb';

/**
 * Largest DynamoDB item: 400 KB, attribute names included.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */
export const MAX_ITEM_BYTES = 409_600;
/**
 * Most actions in one TransactWriteItems call.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
export const MAX_TRANSACTION_ACTIONS = 100;
/** Largest total size of the items of one TransactWriteItems call: 4 MB. @see {@link MAX_TRANSACTION_ACTIONS} */
export const MAX_TRANSACTION_BYTES = 4_194_304;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

function numberBytes(text: string): number {
  // DynamoDB stores numbers as up to 38 significant digits, about one byte per two digits, plus one.
  const digits = text
    .replace(/^[-+]?0*/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/**
 * Size of one attribute value as DynamoDB counts it: UTF-8 bytes of strings, raw bytes of
 * binaries, about half a byte per digit of numbers, one byte for booleans and nulls, and three
 * bytes plus one per element for lists and maps.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export function attributeValueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, item) => sum + utf8(item), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, item) => sum + numberBytes(item), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, item) => sum + item.byteLength, 0);
  if (value.L !== undefined) return value.L.reduce((sum, item) => sum + 1 + attributeValueBytes(item), 3);
  if (value.M !== undefined) return itemBytes(value.M) + 3 + Object.keys(value.M).length;
  return 0;
}

/** Size of an item: for each attribute, its name's UTF-8 bytes plus its value's size. */
export function itemBytes(item: Readonly<Record<string, AttributeValue>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += utf8(name) + attributeValueBytes(value);
  return size;
}

/**
 * What one transaction action adds to the transaction's size, as far as it can be known before
 * the call: a Put's whole item; an Update's key and new values; a Delete's or ConditionCheck's key.
 */
export function actionBytes(action: TransactWriteItem): number {
  if (action.Put?.Item) return itemBytes(action.Put.Item);
  if (action.Update) {
    return itemBytes(action.Update.Key ?? {}) + itemBytes(action.Update.ExpressionAttributeValues ?? {});
  }
  return itemBytes(action.Delete?.Key ?? action.ConditionCheck?.Key ?? {});
}
