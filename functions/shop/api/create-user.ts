import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { v7 as uuidv7 } from 'uuid';
import { httpProblem } from '../../../runtime/http/problem-details.ts';
import { parseJsonBody } from '../../../runtime/http/request-body.ts';
import { jsonResponse } from '../../../runtime/http/responses.ts';
import { createUserBody, EVENT_TYPES } from '../schemas.ts';
import { emailKey, userKey } from '../shop-table.ts';
import type { WriteWithEvents } from './place-order.ts';

/**
 * `POST /users`: the user, the claim on its email and its `UserCreated` event are one atomic write;
 * an email that already has a user cancels it and answers 409.
 */
export async function createUser(
  event: APIGatewayProxyEventV2,
  deps: { readonly tableName: string; readonly writeWithEvents: WriteWithEvents },
): Promise<APIGatewayProxyStructuredResultV2> {
  const { email, name } = parseJsonBody(event, createUserBody);
  const userId = uuidv7();
  const createdAt = new Date().toISOString();
  try {
    await deps.writeWithEvents(
      [
        {
          Put: {
            TableName: deps.tableName,
            Item: marshall({ ...userKey(userId), userId, email, name, createdAt }),
          },
        },
        {
          Put: {
            TableName: deps.tableName,
            Item: marshall({ ...emailKey(email), userId }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      [
        {
          aggregateType: 'user',
          aggregateId: userId,
          type: EVENT_TYPES.userCreated,
          data: { userId, email, name },
        },
      ],
    );
  } catch (error) {
    if (cancelledBy(error, 1)) {
      throw httpProblem(
        409,
        'email-taken',
        'Email already registered',
        `A user with the email "${email}" already exists.`,
      );
    }
    throw error;
  }
  return jsonResponse(201, { userId }, { location: `/users/${userId}` });
}

/** True when a cancelled transaction failed on the condition of action `index`. */
function cancelledBy(error: unknown, index: number): boolean {
  const reasons = (error as { reasons?: readonly { code: string }[] }).reasons;
  return reasons?.[index]?.code === 'ConditionalCheckFailed';
}
