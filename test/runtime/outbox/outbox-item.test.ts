import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { UndecodableOutboxItemError } from '../../../runtime/outbox/errors.ts';
import { decodeEventItem, eventSortKey, isEventImage } from '../../../runtime/outbox/outbox-item.ts';
import { eventItem } from './stream-fixtures.ts';

describe('eventSortKey', () => {
  it('zero-pads the sequence so keys sort in sequence order', () => {
    const keys = [10, 9, 100, 1].map((sequence) => eventSortKey(sequence));

    expect([...keys].sort()).toEqual([1, 9, 10, 100].map((sequence) => eventSortKey(sequence)));
    expect(eventSortKey(7, 'outbox#')).toBe('outbox#000000000007');
  });
});

describe('decodeEventItem', () => {
  it('reads the item and its envelope from an image', () => {
    const item = eventItem('a', 3, { traceparent: 'tp' });

    const decoded = decodeEventItem(marshall(item));

    expect(decoded.item).toEqual(item);
    expect(decoded.envelope).toMatchObject({
      id: 'evt-a-3',
      sequence: 3,
      traceparent: 'tp',
      data: { aggregateId: 'a', sequence: 3 },
    });
  });

  it('throws an UndecodableOutboxItemError naming a missing attribute', () => {
    const { type: _type, ...withoutType } = eventItem('a', 1);

    expect(() => decodeEventItem(marshall(withoutType))).toThrow(/type/);
  });

  it('throws an UndecodableOutboxItemError when data is not JSON', () => {
    expect(() => decodeEventItem(marshall(eventItem('a', 1, { data: '{oops' })))).toThrow(
      UndecodableOutboxItemError,
    );
  });
});

describe('isEventImage', () => {
  it('recognises outbox events by their marker only', () => {
    expect(isEventImage(marshall(eventItem('a', 1)))).toBe(true);
    expect(isEventImage(marshall({ pk: 'x', ferryKind: 'counter' }))).toBe(false);
    expect(isEventImage(undefined)).toBe(false);
  });
});
