import type { CompileResult } from '../compile/types.js'
import type { Inspection } from '../elf/types.js'
import { UserError, messageOf } from '../ground/errors.js'
import type { ImageResult } from '../image/types.js'
import { binaryJson, type BinaryJson } from './binary-json.js'
import type { BuildFacts } from './compose.js'
import { REPORT_SCHEMA, type BuildJson } from './schema.js'

/**
 * Where a run can stop. `inputs` is the faces' own reading of the settings,
 * before the pipeline; the others are the pipeline's stages in order.
 */
export type Stage = 'inputs' | 'compile' | 'verify' | 'image' | 'sbom' | 'measure'

/** Why a stage stopped, as plain data: no error classes cross into the faces. */
export interface StageError {
  readonly message: string
  /** Extra lines (tool output, evidence, the fix) shown below the message. */
  readonly details: readonly string[]
  /** True for a UserError: the user's to fix. False: a bug in from-scratch. */
  readonly userFixable: boolean
  /** The stack of a bug, for the debug log; null for the user's errors. */
  readonly stack: string | null
}

/** What the stages before the failing one produced. */
export interface Reached {
  readonly compiled: CompileResult | null
  /** Set at `verify` when the binary was read and judged, also when it was rejected. */
  readonly inspection: Inspection | null
  /** Set at `image` when the image was built but its push failed (never with a digest). */
  readonly image: ImageResult | null
}

export const NOTHING_REACHED: Reached = { compiled: null, inspection: null, image: null }

/** A run that stopped: the stage, why, and everything done before it. */
export interface Failed {
  readonly outcome: 'failed'
  readonly stage: Stage
  readonly error: StageError
  readonly reached: Reached
}

/** The pipeline's answer: every stage done, or failed at one. It never throws a stage's error. */
export type PipelineResult =
  | {
      readonly outcome: 'done'
      /** The primary (first) platform's build. */
      readonly facts: BuildFacts
      /** The other platforms' builds, in the order of `platforms`; absent or empty for one platform. */
      readonly others?: readonly BuildFacts[]
    }
  | Failed

/** Any thrown value as plain data; a UserError keeps its details, anything else is a bug. */
export function stageErrorOf(error: unknown): StageError {
  if (error instanceof UserError) {
    return { message: error.message, details: error.details, userFixable: true, stack: null }
  }
  return {
    message: messageOf(error),
    details: [],
    userFixable: false,
    stack: error instanceof Error ? (error.stack ?? null) : null
  }
}

export function failedAt(stage: Stage, error: unknown, reached: Reached = NOTHING_REACHED): Failed {
  return { outcome: 'failed', stage, error: stageErrorOf(error), reached }
}

/**
 * The binary was read and judged, and it will not run in scratch (as opposed
 * to a binary that could not be read at all, or a later stage's failure).
 */
export function isRejectedBinary(failed: Failed): boolean {
  return failed.stage === 'verify' && failed.reached.inspection !== null
}

/** The `image` part of a failure's JSON: what a built but unpublished image is known by. */
export interface FailedImageJson {
  readonly name: string
  readonly tags: readonly string[]
  readonly id: string
  /** Always '' here: a failed run publishes nothing. */
  readonly digest: string
  readonly size: number
}

/**
 * `--json` when the build stopped: the error, and whatever was done before it
 * (the binary's verdict when the smoke test or the push failed, the image when
 * the push failed). `binary`, `image` and `build` mean what they mean in the
 * report JSON, and are null when the run did not get that far.
 */
export interface FailureJson {
  readonly schema: typeof REPORT_SCHEMA
  readonly error: {
    readonly stage: Stage
    readonly message: string
    readonly details: readonly string[]
    readonly exitCode: number
    /** False: a bug in from-scratch, worth reporting. */
    readonly userFixable: boolean
  }
  readonly binary: BinaryJson | null
  readonly image: FailedImageJson | null
  readonly build: BuildJson | null
}

/** The failure as `--json` prints it. Pure. */
export function failureJson(failed: Failed, exitCode: number): FailureJson {
  const { compiled, inspection, image } = failed.reached
  return {
    schema: REPORT_SCHEMA,
    error: {
      stage: failed.stage,
      message: failed.error.message,
      details: failed.error.details,
      exitCode,
      userFixable: failed.error.userFixable
    },
    binary: inspection === null ? null : binaryJson(inspection),
    image:
      image === null
        ? null
        : { name: image.name, tags: image.tags, id: image.imageId, digest: '', size: image.size },
    build: compiled === null ? null : { language: compiled.language, toolchain: compiled.toolchain }
  }
}
