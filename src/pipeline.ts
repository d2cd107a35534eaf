import { compile } from './compile/run.js'
import type { CompileResult, CompileSettings } from './compile/types.js'
import { RejectedBinaryError, verifyBinary } from './elf/verify.js'
import { binarySizes } from './elf/inspect.js'
import type { Inspection, SizeAttribution } from './elf/types.js'
import type { Exec } from './ground/exec.js'
import { commitTime, type GitContext } from './ground/git-context.js'
import type { Log } from './ground/log.js'
import {
  buildImage,
  ImagePushError,
  probeEngines,
  type EngineProbe,
  type ImageResult
} from './image/build.js'
import type { Settings } from './inputs.js'
import { measureImage } from './report/measure.js'
import { makeSbom } from './sbom/make.js'
import type { SbomResult } from './sbom/types.js'
import { failedAt, type PipelineResult, type Stage } from './report/outcome.js'

export type { PipelineResult } from './report/outcome.js'

/** The outside world a run touches; the action and the terminal each supply their own. */
export interface Deps {
  readonly exec: Exec
  readonly log: Log
  /** Repository root: annotation paths are relative to it. */
  readonly workspace: string
  /** Where compiled binaries go; they outlive the run (later steps use them). */
  readonly outputDir: string
  /**
   * Where the stages make their short-lived work folders (the buildx context,
   * the kernel header links, the saved image the pull size is estimated from);
   * each stage removes its own. The action passes RUNNER_TEMP, which the runner
   * empties; the terminal a folder of its own that it removes at the end.
   */
  readonly tempDir: string
  /** The terminal's kept folder for go's output (see compile/go-output-cache.ts); null in the action. */
  readonly goOutputCache: string | null
  readonly git: GitContext
}

export function compileSettingsOf(settings: Settings, deps: Deps): CompileSettings {
  return {
    ...settings.compile,
    outputDir: deps.outputDir,
    tempDir: deps.tempDir,
    goOutputCache: deps.goOutputCache,
    workspace: deps.workspace,
    platform: settings.platform
  }
}

/**
 * compile → verify → image → measure, each stage in its own log group.
 * Returns a value: done, or failed at a stage with its error as plain data and
 * everything the earlier stages produced (the rejected binary's inspection, the
 * image whose push failed). No stage's exception gets out of here.
 */
export async function runPipeline(settings: Settings, deps: Deps): Promise<PipelineResult> {
  const { log, exec } = deps
  let stage: Stage = 'compile'
  let compiled: CompileResult | null = null
  let inspection: Inspection | null = null
  let image: ImageResult | null = null
  let sizes: Promise<SizeAttribution | null> | null = null
  let wantSizes = (): void => undefined
  const sizesWanted = new Promise<void>((resolve) => {
    wantSizes = resolve
  })
  // Questions for the outside world that do not depend on the binary, asked once the
  // compiler runs (its start comes first), or after the compile when nothing was compiled.
  let asked: { probe: Promise<EngineProbe>; epoch: Promise<number> } | null = null
  const askOutside = (): { probe: Promise<EngineProbe>; epoch: Promise<number> } =>
    (asked ??= {
      probe: probeEngines(exec),
      epoch:
        settings.sourceDateEpoch === null
          ? commitTime(exec, settings.compile.workingDirectory)
          : Promise.resolve(settings.sourceDateEpoch)
    })
  try {
    const built = await log.group('Compile', () =>
      compile(compileSettingsOf(settings, deps), exec, log, { whileCompiling: askOutside })
    )
    compiled = built
    const { probe, epoch } = askOutside()
    stage = 'verify'
    const verified = await log.group('Verify the binary', () =>
      verifyBinary(
        built.binaryPath,
        built.language === 'prebuilt' ? null : built.language,
        log,
        settings.platform
      )
    )
    inspection = verified
    stage = 'image'
    // Where the bytes are is read while docker builds or loads the image (whileWaiting),
    // or once the image stage is over, whichever comes first.
    sizes = sizesWanted.then(() => binarySizes(built.binaryPath, settings.platform))
    sizes.catch(() => undefined)
    const sourceDateEpoch = await epoch
    const imaged = await log.group('Build the scratch image', () =>
      buildImage(
        {
          ...settings.image,
          platform: settings.platform,
          sourceDateEpoch,
          binaryName: null,
          tempDir: deps.tempDir
        },
        verified,
        deps.git,
        exec,
        log,
        deps.outputDir,
        probe,
        wantSizes
      )
    )
    wantSizes()
    image = imaged
    let sbom: SbomResult | null = null
    if (settings.sbom.enabled) {
      stage = 'sbom'
      sbom = await log.group('SBOM', () =>
        makeSbom({
          format: settings.sbom.format,
          compiled: built,
          inspection: verified,
          image: imaged,
          epoch: sourceDateEpoch,
          outputDir: deps.outputDir,
          log
        })
      )
    }
    stage = 'measure'
    const measure = await log.group('Measure', () => measureImage(imaged, exec, log, deps.tempDir))
    const measured: Inspection = { ...verified, sizes: await sizes }
    return {
      outcome: 'done',
      facts: { compiled: built, inspection: measured, image: imaged, measure, sbom }
    }
  } catch (error) {
    // The two stage errors that carry a partial result hand it over here, and nowhere else.
    if (error instanceof RejectedBinaryError) inspection = error.inspection
    if (error instanceof ImagePushError) image = error.result
    wantSizes()
    if (inspection !== null && sizes !== null) {
      inspection = { ...inspection, sizes: await sizes.catch(() => null) }
    }
    return failedAt(stage, error, { compiled, inspection, image })
  }
}
