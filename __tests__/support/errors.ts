import { UserError } from '../../src/ground/errors.js'

/**
 * The UserError `promise` fails with; anything else it throws is rethrown,
 * and a success fails the test, saying that `what` succeeded.
 */
export async function userErrorOf(promise: Promise<unknown>, what: string): Promise<UserError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof UserError) return error
    throw error
  }
  throw new Error(`expected a UserError, but ${what} succeeded`)
}
