/**
 * The one error boundary of the server. Every LSP handler runs through `guard`: an exception
 * becomes a `ResponseError` that the client shows or ignores, it is logged once, and the
 * connection keeps serving — a bug in one feature never takes the editor's language support down.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
  info(message: string): void;
}

/** Runs `fn`; a thrown `ResponseError` passes through, anything else is logged and wrapped. */
export async function guard<R>(feature: string, logger: Logger, fn: () => R | Promise<R>): Promise<R | ResponseError<void>> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ResponseError) return error;
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logger.error(`gantry: ${feature} failed: ${detail}`);
    const message = error instanceof Error ? error.message : String(error);
    return new ResponseError(ErrorCodes.InternalError, `Gantry ${feature} failed: ${message}`);
  }
}

/** For notifications and timers, where there is no one to answer: log once and carry on. */
export function guardVoid(feature: string, logger: Logger, fn: () => void | Promise<void>): void {
  void guard(feature, logger, fn);
}
