/**
 * Errors raised while synthesizing or reading a CDK cloud assembly (`cdk.out`). Each says what
 * happened and what to do.
 */
export class CloudAssemblyError extends Error {
  override readonly name: string = 'CloudAssemblyError';
}

/** The CDK app could not be synthesized: its process failed, or never wrote a manifest. */
export class SynthError extends CloudAssemblyError {
  override readonly name = 'SynthError';
  /** The process's exit code, or `null` when a signal ended it. */
  readonly exitCode: number | null;
  /** The last lines the app wrote to stderr (and stdout), for the person reading the error. */
  readonly output: string;

  constructor(message: string, exitCode: number | null, output: string, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
    this.output = output;
  }
}
