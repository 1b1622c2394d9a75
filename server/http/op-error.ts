// The one expected-failure type of the server side: an HTTP-ish status, a code and a message
// (with field issues when there are). Raised by the dashboard's operations in the worker thread,
// carried to the Next process as a non-ok reply, and answered there as a JSON error.
export class OpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: unknown,
  ) {
    super(message);
  }
}
