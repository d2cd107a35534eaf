import { compile } from './compile/run.js'
import type { CompileResult, CompileSettings } from './compile/types.js'
import { RejectedBinaryError, verifyBinary } from './elf/verify.js'
import { binarySizes } from './elf/inspect.js'
import type { Inspection, SizeAttribution } from './elf/types.js'
import type { Exec } from './ground/exec.js'
import { commitTime, type GitContext } from './ground/git-context.js'
import type { Log } from './ground/log.js'
import {
  buildIndex,
  ImagePushError,
  probeEngines,
  type EngineProbe,
  type ImageResult
} from './image/build.js'
import type { Settings } from './inputs.js'
import { measureImage } from './report/measure.js'
import type { BuildFacts } from './report/compose.js'
import { platformName, type Platform } from './ground/platform.js'
import { join } from 'node:path'
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

export function compileSettingsOf(
  settings: Settings,
  deps: Deps,
  platform: Platform = settings.platforms[0]
): CompileSettings {
  return {
    ...settings.compile,
    // Several platforms: each binary in a folder of its own, named by its architecture.
    outputDir:
      settings.platforms.length > 1 ? join(deps.outputDir, platform.architecture) : deps.outputDir,
    tempDir: deps.tempDir,
    goOutputCache: deps.goOutputCache,
    workspace: deps.workspace,
    platform,
    platformCount: settings.platforms.length
  }
}

/** One platform's compiled and verified binary, and where its bytes are (read later). */
interface Verified {
  readonly platform: Platform
  readonly compiled: CompileResult
  readonly inspection: Inspection
  readonly sizes: Promise<SizeAttribution | null>
}

/** A log group's title, naming the platform when there are several. */
function titled(title: string, platform: Platform, several: boolean): string {
  return several ? `${title} (${platformName(platform)})` : title
}

/**
 * compile → verify (each platform in turn) → image (one index) → SBOM → measure,
 * each step in its own log group.
 * Returns a value: done, or failed at a stage with its error as plain data and
 * everything the earlier stages produced (the rejected binary's inspection, the
 * image whose push failed). No stage's exception gets out of here.
 */
export async function runPipeline(settings: Settings, deps: Deps): Promise<PipelineResult> {
  const { log, exec } = deps
  const several = settings.platforms.length > 1
  let stage: Stage = 'compile'
  let platform: Platform = settings.platforms[0]
  let compiled: CompileResult | null = null
  let inspection: Inspection | null = null
  let images: readonly ImageResult[] | null = null
  const verified: Verified[] = []
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
    for (const target of settings.platforms) {
      platform = target
      stage = 'compile'
      compiled = null
      inspection = null
      const built = await log.group(titled('Compile', target, several), () =>
        compile(compileSettingsOf(settings, deps, target), exec, log, {
          whileCompiling: askOutside
        })
      )
      compiled = built
      askOutside()
      stage = 'verify'
      const checked = await log.group(titled('Verify the binary', target, several), () =>
        verifyBinary(
          built.binaryPath,
          built.language === 'prebuilt' ? null : built.language,
          log,
          target
        )
      )
      inspection = checked
      // Where the bytes are is read while docker builds or loads the image (whileWaiting),
      // or once the image stage is over, whichever comes first.
      const sizes = sizesWanted.then(() => binarySizes(built.binaryPath, target))
      sizes.catch(() => undefined)
      verified.push({ platform: target, compiled: built, inspection: checked, sizes })
    }
    const { probe, epoch } = askOutside()
    stage = 'image'
    platform = settings.platforms[0]
    const sourceDateEpoch = await epoch
    const imaged = await log.group('Build the scratch image', () =>
      buildIndex(
        {
          ...settings.image,
          platform: settings.platforms[0],
          sourceDateEpoch,
          binaryName: null,
          tempDir: deps.tempDir
        },
        verified.map(({ platform, inspection }) => ({ platform, inspection })),
        deps.git,
        exec,
        log,
        deps.outputDir,
        probe,
        wantSizes
      )
    )
    wantSizes()
    images = imaged
    const facts: BuildFacts[] = []
    for (const [index, done] of verified.entries()) {
      platform = done.platform
      const image = imaged[index]
      let sbom: SbomResult | null = null
      if (settings.sbom.enabled) {
        stage = 'sbom'
        sbom = await log.group(titled('SBOM', done.platform, several), () =>
          makeSbom({
            format: settings.sbom.format,
            compiled: done.compiled,
            inspection: done.inspection,
            image,
            epoch: sourceDateEpoch,
            // Beside each platform's binary: the documents of two platforms share a name.
            outputDir: several ? join(deps.outputDir, done.platform.architecture) : deps.outputDir,
            log
          })
        )
      }
      stage = 'measure'
      const measure = await log.group(titled('Measure', done.platform, several), () =>
        measureImage(image, exec, log, deps.tempDir)
      )
      const measured: Inspection = { ...done.inspection, sizes: await done.sizes }
      facts.push({ compiled: done.compiled, inspection: measured, image, measure, sbom })
    }
    const [primary, ...others] = facts
    return { outcome: 'done', facts: primary, others }
  } catch (error) {
    // The two stage errors that carry a partial result hand it over here, and nowhere else.
    if (error instanceof RejectedBinaryError) inspection = error.inspection
    let image: ImageResult | null = images?.[0] ?? null
    if (error instanceof ImagePushError) image = error.result
    wantSizes()
    const mine = verified.find((done) => done.platform === platform)
    if (stage !== 'compile' && stage !== 'verify' && mine !== undefined) {
      compiled = mine.compiled
      inspection = mine.inspection
    }
    if (inspection !== null && mine !== undefined) {
      inspection = { ...inspection, sizes: await mine.sizes.catch(() => null) }
    }
    const failed = failedAt(stage, error, { compiled, inspection, image })
    // With several platforms, which one stopped the run leads the message; the image
    // stage builds them all at once and names a platform itself where one is to blame.
    if (!several || stage === 'image') return failed
    const named = `${platformName(platform)}: ${failed.error.message}`
    return { ...failed, error: { ...failed.error, message: named } }
  }
}
