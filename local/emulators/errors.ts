/**
 * Errors raised while starting or stopping the local emulators. Each says what happened and what to do.
 */
export class EmulatorError extends Error {
  override readonly name: string = 'EmulatorError';
}

/** `java` is not on PATH, so DynamoDB Local cannot start. */
export class JavaMissingError extends EmulatorError {
  override readonly name = 'JavaMissingError';

  constructor(options?: ErrorOptions) {
    super(
      'DynamoDB Local needs Java 17 or newer, and no `java` was found on PATH. ' +
        'Install a JRE 17+ (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) ' +
        'and make sure `java -version` works in this shell.',
      options,
    );
  }
}

/** `java` exists but is older than DynamoDB Local supports. */
export class JavaTooOldError extends EmulatorError {
  override readonly name = 'JavaTooOldError';
  readonly foundMajor: number;

  constructor(foundMajor: number, versionLine: string) {
    super(
      `DynamoDB Local needs Java 17 or newer, but \`java -version\` reports ${foundMajor} (${versionLine.trim()}). ` +
        'Install a JRE 17+ (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`) and put it first on PATH.',
    );
    this.foundMajor = foundMajor;
  }
}

/** An emulator process ended or never answered before it was ready. */
export class EmulatorStartError extends EmulatorError {
  override readonly name = 'EmulatorStartError';
}
