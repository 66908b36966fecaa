/**
 * Errors raised while resolving or provisioning a CloudFormation template locally. Each says what
 * happened, where (stack, logical id), and what to do.
 */
export class TemplateError extends Error {
  override readonly name: string = 'TemplateError';
}

/** An intrinsic function is malformed, unsupported, or names something the template lacks. */
export class IntrinsicError extends TemplateError {
  override readonly name = 'IntrinsicError';
}

/** Creating a resource in an emulator failed. */
export class ProvisioningError extends TemplateError {
  override readonly name = 'ProvisioningError';
  readonly stackName: string;
  readonly logicalId: string;
  readonly resourceType: string;

  constructor(
    stackName: string,
    logicalId: string,
    resourceType: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${stackName}/${logicalId} (${resourceType}): ${message}`, options);
    this.stackName = stackName;
    this.logicalId = logicalId;
    this.resourceType = resourceType;
  }
}
