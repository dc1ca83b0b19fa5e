/** What the messaging helpers log through; Nest's `Logger` fits, and so does `console`. */
export interface MessagingLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function errorStack(e: unknown): string | undefined {
  return e instanceof Error ? e.stack : undefined;
}
