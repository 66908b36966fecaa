import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  JavaMissingError,
  JavaTooOldError,
  parseJavaMajor,
  requireJava,
  startDynamoDbLocal,
  startSqsEmulator,
} from '../../../local/emulators/index.ts';
import { isAlive } from '../../../local/emulators/process-guard.ts';

const fixture = join(import.meta.dirname, '../../support/fixtures/start-dynamodb-local.ts');

describe('emulator lifecycle', () => {
  it('leaves no DynamoDB Local process after stop', async () => {
    const dynamodb = await startDynamoDbLocal();
    expect(isAlive(dynamodb.pid)).toBe(true);

    await dynamodb.stop();
    await dynamodb.stop();

    expect(await goneWithin(dynamodb.pid, 5_000)).toBe(true);
  });

  it('leaves no DynamoDB Local process when the Node process that started it is killed', async () => {
    const child = spawn(process.execPath, [fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
    const { pid } = JSON.parse(await firstLine(child)) as { pid: number };
    expect(isAlive(pid)).toBe(true);

    child.kill('SIGKILL');

    expect(await goneWithin(pid, 10_000)).toBe(true);
  });

  it('stops fauxqs so that its port no longer answers', async () => {
    const sqs = await startSqsEmulator();

    await sqs.stop();

    await expect(fetch(`${sqs.endpoint}/health`)).rejects.toThrow();
  });

  it('fails at once with install advice when java is missing from PATH', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, [fixture], {
      env: { ...process.env, PATH: mkdtempSync(join(tmpdir(), 'no-java-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [stderr, code] = await exitOf(child);

    expect(code).toBe(1);
    expect(stderr).toContain('JavaMissingError');
    expect(stderr).toContain('Java 17 or newer');
    expect(stderr).toContain('apt-get install openjdk-17-jre-headless');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('throws JavaMissingError for an empty PATH and JavaTooOldError for Java 8', () => {
    const bin = mkdtempSync(join(tmpdir(), 'old-java-'));
    const fakeJava = join(bin, 'java');
    writeFileSync(fakeJava, '#!/bin/sh\necho \'java version "1.8.0_392"\' >&2\n');
    chmodSync(fakeJava, 0o755);

    expect(() => requireJava({ PATH: '/nonexistent' })).toThrow(JavaMissingError);
    expect(() => requireJava({ PATH: bin })).toThrow(JavaTooOldError);
    expect(() => requireJava({ PATH: bin })).toThrow(/reports 8/);
  });

  it('parses modern and legacy java -version lines', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('bash: java: command not found')).toBeUndefined();
  });
});

async function goneWithin(pid: number, timeoutMillis: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMillis;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve(out.slice(0, newline));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code}: ${err}`)));
  });
}

function exitOf(child: ChildProcess): Promise<[string, number | null]> {
  return new Promise((resolve) => {
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.once('exit', (code) => resolve([err, code]));
  });
}
