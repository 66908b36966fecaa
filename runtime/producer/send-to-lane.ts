import { ENV, type FerryEnvelope, type LaneUrls } from '../contract.ts';
import { ConfigurationError } from '../errors.ts';
import type { SendReport } from './publish-report.ts';
import { type SendOptions, sendMessage } from './send-messages.ts';

/** Options of {@link sendToLane}. */
export interface SendToLaneOptions extends SendOptions {
  /** @default parsed from the `FERRY_LANE_URLS` environment variable */
  readonly laneUrls?: LaneUrls;
  /** Where `FERRY_LANE_URLS` is read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads the lane-to-queue-URL map from `FERRY_LANE_URLS` (set by the PriorityLanes construct).
 * Throws a {@link ConfigurationError} when it is missing or not a JSON object of URLs.
 */
export function readLaneUrls(env: Readonly<Record<string, string | undefined>> = process.env): LaneUrls {
  const raw = env[ENV.laneUrls];
  if (raw === undefined || raw.trim() === '') {
    throw new ConfigurationError(
      `${ENV.laneUrls} is not set; set it to a JSON object of lane name to queue URL (the PriorityLanes construct does).`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfigurationError(
      `${ENV.laneUrls} is not valid JSON ('${raw}'); fix the function's environment.`,
      {
        cause: error,
      },
    );
  }
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((url) => typeof url === 'string' && url !== '');
  if (!valid) {
    throw new ConfigurationError(
      `${ENV.laneUrls} must be a JSON object of lane name to queue URL, got '${raw}'; fix the function's environment.`,
    );
  }
  return parsed as LaneUrls;
}

/**
 * Sends a Ferry envelope to the queue of the lane `priority` names (e.g. `urgent`, `routine`).
 * On a FIFO lane the group is the envelope's aggregate (or its id) and the deduplication id is
 * the event id, so a resend within 5 minutes is dropped. Throws a {@link ConfigurationError}
 * naming the known lanes when `priority` is not one of them.
 */
export async function sendToLane(
  message: FerryEnvelope,
  priority: string,
  options: SendToLaneOptions = {},
): Promise<SendReport> {
  const lanes = options.laneUrls ?? readLaneUrls(options.env);
  const queueUrl = Object.hasOwn(lanes, priority) ? lanes[priority] : undefined;
  if (queueUrl === undefined) {
    throw new ConfigurationError(
      `No lane named '${priority}'; the lanes are ${Object.keys(lanes).join(', ') || '(none)'}. Use one of them or add the lane.`,
    );
  }
  const body = JSON.stringify(message);
  const fifo = queueUrl.endsWith('.fifo');
  return sendMessage(
    queueUrl,
    fifo ? { body, groupId: message.aggregateId ?? message.id, deduplicationId: message.id } : { body },
    options,
  );
}
