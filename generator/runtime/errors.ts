/** Errors the runtime raises. */

/** The runtime cannot encode or decode a message (a value does not fit the metadata, or the codec lacks a feature). */
export class SoapCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SoapCodecError";
  }
}

/** The operation is not in the port's metadata (a generated agent and its metadata.ts are out of step). */
export class UnknownOperationError extends Error {
  constructor(port: string, operation: string) {
    super(`operation ${operation} is not described for port ${port}; regenerate the client`);
    this.name = "UnknownOperationError";
  }
}
