import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compressTime } from '../../audit/compress-time.ts';

const CONSUMER_ENV = { Environment: { Variables: { FERRY_BACKOFF_CAP_SECONDS: '900' } } };

function queue(visibilityTimeout: number) {
  return { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: visibilityTimeout } };
}

function consumer(timeout: number) {
  return { Type: 'AWS::Lambda::Function', Properties: { Timeout: timeout, ...CONSUMER_ENV } };
}

function mapping(queueId: string, functionId: string) {
  return {
    Type: 'AWS::Lambda::EventSourceMapping',
    Properties: { EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] }, FunctionName: { Ref: functionId } },
  };
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('compressTime', () => {
  it("scales each queue's visibility timeout down to its own consumer's timeout plus 6 s", async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-compress-'));
    const template = {
      Resources: {
        Orders: queue(180),
        OrdersDlq: queue(180),
        Failures: queue(360),
        Tiny: queue(10),
        Inventory: consumer(30),
        Rehydrator: consumer(60),
        Api: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 25 } },
        OrdersMapping: mapping('Orders', 'Inventory'),
        FailuresMapping: mapping('Failures', 'Rehydrator'),
        ApiMapping: mapping('Tiny', 'Api'),
      },
    };
    await writeFile(join(dir, 'Shop.template.json'), JSON.stringify(template));

    const compression = await compressTime(dir, 0.1);

    expect(compression.visibilityTimeoutsSeconds).toEqual({
      Orders: 36, // its consumer: 30 + 6 (18 after scaling would be too short)
      OrdersDlq: 66, // no consumer of its own: the slowest consumer's floor
      Failures: 66, // 60 + 6
      Tiny: 10, // never raised above the original, and the API function is no Ferry consumer
    });
    const written = JSON.parse(await readFile(join(dir, 'Shop.template.json'), 'utf8'));
    expect(written.Resources.Orders.Properties.VisibilityTimeout).toBe(36);
  });

  it('keeps scaled values above the floor as they are, and refuses a scale outside (0, 1]', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-compress-'));
    const template = {
      Resources: { Orders: queue(1_000), Inventory: consumer(30), Mapping: mapping('Orders', 'Inventory') },
    };
    await writeFile(join(dir, 'Shop.template.json'), JSON.stringify(template));
    await expect(compressTime(dir, 0.2)).resolves.toMatchObject({
      visibilityTimeoutsSeconds: { Orders: 200 },
    });
    await expect(compressTime(dir, 1.5)).rejects.toThrow('timeScale must be in (0, 1], got 1.5');
  });
});
