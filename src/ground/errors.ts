/**
 * An error whose message is meant for the person running the action: it says
 * what happened and what to do. Anything else that escapes a stage is a bug
 * in from-scratch and is reported as one.
 */
export class UserError extends Error {
  override readonly name = 'UserError'
  constructor(
    message: string,
    /** Extra lines (tool output, evidence) shown below the message. */
    readonly details: readonly string[] = []
  ) {
    super(message)
  }
}

/** Text of any thrown value, without a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
