/**
 * An error the Node.js runtime itself reports, named with Lambda's `Runtime.*` error types so the
 * invocation result carries the same `errorType` as on AWS.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html
 */
export class RuntimeError extends Error {
  override readonly name: string;

  constructor(errorType: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = errorType;
  }
}
