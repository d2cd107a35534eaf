import { createRequire } from 'node:module'

const load = createRequire(import.meta.url)

/**
 * A node built-in, loaded the first time it is asked for. Built-ins outside
 * node's start-up snapshot cost about 10 ms each to load (child_process and
 * crypto, measured with --cpu-prof): `inspect` runs no program and hashes
 * nothing, so it should not pay for them at start.
 */
export function onFirstUse<T>(id: `node:${string}`): () => T {
  let module: T | undefined
  return () => (module ??= load(id) as T)
}
