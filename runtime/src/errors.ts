/** Errors the runtime raises. Every one is an `Error` subclass with a `name` you can switch on. */

/** A value does not fit the metadata, or a message cannot be encoded or decoded. */
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

/** A SOAP 1.1 or 1.2 Fault. `detail` is decoded with the WSDL's fault type when one matches, else it is the raw XML text. */
export class SoapFault extends Error {
  /** SOAP 1.1 `faultcode` / SOAP 1.2 `Code/Value`, as written (e.g. `s:Client`, `soap:Sender`). */
  readonly code: string;
  /** SOAP 1.2 `Subcode/Value`s, outermost first. */
  readonly subcodes: string[];
  /** `faultstring` / `Reason/Text`. */
  readonly reason: string;
  readonly actor?: string;
  /** The WSDL fault name whose part matched the detail, when one did. */
  readonly faultName?: string;
  readonly detail?: unknown;
  readonly httpStatus?: number;
  constructor(init: {
    code: string;
    reason: string;
    subcodes?: string[];
    actor?: string;
    faultName?: string;
    detail?: unknown;
    httpStatus?: number;
  }) {
    super(`SOAP fault ${init.code}: ${init.reason}`);
    this.name = "SoapFault";
    this.code = init.code;
    this.reason = init.reason;
    this.subcodes = init.subcodes ?? [];
    if (init.actor !== undefined) this.actor = init.actor;
    if (init.faultName !== undefined) this.faultName = init.faultName;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
  }
}

/**
 * The HTTP exchange failed: a non-success status without a SOAP fault; a body that is not a SOAP message (a content
 * type that is not XML, or XML that is not an envelope), whatever the status; a body in an unknown charset or with
 * bytes invalid in its charset; an oversized response; a redirect the client does not follow.
 */
export class SoapHttpError extends Error {
  /** The response's `Content-Type`, when it had one. */
  readonly contentType?: string;
  /** Where a refused redirect pointed (absolute URL). */
  readonly location?: string;
  constructor(
    message: string,
    readonly status?: number,
    /** The start of the response body, for diagnosis. */
    readonly bodyStart?: string,
    init: { contentType?: string; location?: string; cause?: unknown } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "SoapHttpError";
    if (init.contentType !== undefined) this.contentType = init.contentType;
    if (init.location !== undefined) this.location = init.location;
  }
}

/**
 * No HTTP response came back, or it broke off: the connection was refused or reset, the name did not resolve,
 * TLS failed, or the body was cut mid-way. `cause` is what the `fetch` implementation threw.
 */
export class SoapTransportError extends Error {
  constructor(
    message: string,
    /** The URL the request went to. */
    readonly url: string,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = "SoapTransportError";
  }
}

/** The call did not finish in time (the client's or the call's `timeoutMs`). */
export class SoapTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    operation: string,
  ) {
    super(`${operation} did not answer within ${timeoutMs} ms`);
    this.name = "SoapTimeoutError";
  }
}

/** A WCF/SuperOffice `SoExceptionInfo`-shaped record. */
export interface ExceptionInfo {
  Message?: string | null;
  StackTrace?: string | null;
  FriendlyText?: string | null;
  ExceptionType?: string | null;
  Source?: string | null;
  InnerException?: ExceptionInfo | null;
  Parameters?: Record<string, string | null> | null;
}

/**
 * The service reported failure in its response headers (SuperOffice: `Succeeded=false` with `ExceptionInfo`).
 * Carries the exception's Message, ExceptionType, FriendlyText, StackTrace and the InnerException chain.
 */
export class SoapServiceError extends Error {
  readonly exceptionType?: string;
  readonly friendlyText?: string;
  readonly remoteStackTrace?: string;
  readonly source?: string;
  readonly parameters?: Record<string, string | null>;
  /** The inner exception, itself a SoapServiceError. */
  readonly inner?: SoapServiceError;
  /** The response headers as decoded. */
  readonly headers: Record<string, unknown>;
  constructor(info: ExceptionInfo | null | undefined, headers: Record<string, unknown>) {
    super(info?.Message ?? info?.FriendlyText ?? "the service reported failure without exception details");
    this.name = "SoapServiceError";
    this.headers = headers;
    if (info?.ExceptionType) this.exceptionType = info.ExceptionType;
    if (info?.FriendlyText) this.friendlyText = info.FriendlyText;
    if (info?.StackTrace) this.remoteStackTrace = info.StackTrace;
    if (info?.Source) this.source = info.Source;
    if (info?.Parameters) this.parameters = info.Parameters;
    if (info?.InnerException) this.inner = new SoapServiceError(info.InnerException, headers);
  }
}
