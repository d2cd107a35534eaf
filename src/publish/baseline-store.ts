import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { messageOf } from '../ground/errors.js'
import type { Log } from '../ground/log.js'
import { BASELINE_LIMITS, BASELINE_TOO_LARGE, type Report } from '../report/schema.js'

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

/** Why a baseline file was not read: for the report (`why`, a fixed sentence) and the log. */
export interface Unread {
  /** A fixed sentence when the file is too large; null when it could not be read at all. */
  readonly why: string | null
  /** The particulars, for the log only. */
  readonly detail: string
  readonly error: unknown
}

/**
 * A baseline file's text, or why not. The size is checked on the open file
 * before reading it: a restored file is untrusted and may be of any size.
 */
export async function readBaselineText(path: string): Promise<string | Unread> {
  let file
  try {
    // Non-blocking: a FIFO in its place must not hang the job.
    file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    return { why: null, detail: messageOf(error), error }
  }
  try {
    const { size, isFile } = await file.stat().then((s) => ({ size: s.size, isFile: s.isFile() }))
    if (!isFile) return { why: null, detail: 'it is not a file', error: null }
    if (size > BASELINE_LIMITS.bytes) {
      return { why: BASELINE_TOO_LARGE, detail: `${size} bytes`, error: null }
    }
    // No more than the size seen: a file that grows meanwhile is not read on.
    const bytes = Buffer.alloc(size)
    let filled = 0
    while (filled < size) {
      const { bytesRead } = await file.read(bytes, filled, size - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return bytes.subarray(0, filled).toString('utf8')
  } catch (error) {
    return { why: null, detail: messageOf(error), error }
  } finally {
    await file.close()
  }
}
