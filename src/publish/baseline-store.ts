import type { Log } from '../ground/log.js'
import type { Report } from '../report/schema.js'

/** A baseline, or why there is none: the log says it as it happens, the report says it once. */
export type Restored =
  | { readonly report: Report; readonly missing: null }
  | { readonly report: null; readonly missing: string }

export function none(missing: string): Restored {
  return { report: null, missing }
}

/** Where the previous report comes from and where this one goes. */
export interface BaselineStore {
  /** The baseline report, or why there is none (none yet, unreadable, service down: all logged, never thrown). */
  restore(): Promise<Restored>
  /** Keeps `report` as a future baseline; a no-op where this run must not save. Never throws. */
  save(report: Report): Promise<void>
}

export type StoreLog = Pick<Log, 'info' | 'warning'>

export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}
