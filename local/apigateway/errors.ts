/** Errors of the local HTTP API. Each says what happened and what to do. */
export class HttpApiError extends Error {
  override readonly name: string = 'HttpApiError';
}

/** The server could not listen on its port. */
export class HttpApiListenError extends HttpApiError {
  override readonly name = 'HttpApiListenError';
  readonly port: number;

  constructor(host: string, port: number, cause: unknown) {
    const inUse = cause instanceof Error && 'code' in cause && cause.code === 'EADDRINUSE';
    super(
      inUse
        ? `Port ${port} on ${host} is already in use, so the local HTTP API cannot listen there. ` +
            'Stop the other process or set PORT to a free port.'
        : `The local HTTP API cannot listen on ${host}:${port}: ${(cause as Error).message}. Set PORT to another port.`,
      { cause },
    );
    this.port = port;
  }
}
