// Errors the element reports: the library's own codes pass through unchanged (MIC_PERMISSION_DENIED,
// AUTH_FAILED, SERVER_UNREACHABLE…); the element adds CALL_NOT_FOUND and NOT_CONNECTED of its own.
export type WidgetErrorCode = 'CALL_NOT_FOUND' | 'NOT_CONNECTED' | 'UNEXPECTED' | (string & {});

export class WidgetError extends Error {
  override readonly name = 'WidgetError';
  constructor(
    readonly code: WidgetErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Keeps the `code` of a library or bridge error; anything else becomes `UNEXPECTED`. */
  static from(error: unknown): WidgetError {
    if (error instanceof WidgetError) return error;
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'UNEXPECTED';
    const message = error instanceof Error ? error.message : String(error);
    return new WidgetError(code, message, { cause: error });
  }
}
