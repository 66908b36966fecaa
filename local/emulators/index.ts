export { type DynamoDbLocal, type DynamoDbLocalOptions, startDynamoDbLocal } from './dynamodb-local.ts';
export { type Emulators, type EmulatorsOptions, emulatorEnv, startEmulators } from './emulators.ts';
export { EmulatorError, EmulatorStartError, JavaMissingError, JavaTooOldError } from './errors.ts';
export { type SqsEmulator, type SqsEmulatorOptions, startSqsEmulator } from './fauxqs.ts';
export { MIN_JAVA_MAJOR, parseJavaMajor, requireJava } from './java-runtime.ts';
export { resolveLocalhostSubdomains } from './loopback-dns.ts';
