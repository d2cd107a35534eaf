import { compile } from './compile/run.js'
import type { CompileSettings } from './compile/types.js'
import type { Exec } from './ground/exec.js'
import { commitTime } from './ground/git-context.js'
import { buildImage } from './image/build.js'
import type { GitContext } from './ground/git-context.js'
import type { Settings } from './inputs.js'
import type { Log } from './ground/log.js'
import type { BuildFacts } from './report/compose.js'
import { measureImage } from './report/measure.js'
import { verifyBinary } from './elf/verify.js'

/** The outside world a run touches; the action and the terminal each supply their own. */
export interface Deps {
  readonly exec: Exec
  readonly log: Log
  /** Repository root: annotation paths are relative to it. */
  readonly workspace: string
  /** Where compiled binaries go; they outlive the run (later steps use them). */
  readonly outputDir: string
  readonly git: GitContext
}

export function compileSettingsOf(settings: Settings, deps: Deps): CompileSettings {
  return { ...settings.compile, outputDir: deps.outputDir, workspace: deps.workspace }
}

/**
 * compile → verify → image → measure, each stage in its own log group.
 * Throws UserError for whatever the user can fix.
 */
export async function runPipeline(settings: Settings, deps: Deps): Promise<BuildFacts> {
  const { log, exec } = deps
  const compiled = await log.group('Compile', () =>
    compile(compileSettingsOf(settings, deps), exec, log)
  )
  const inspection = await log.group('Verify the binary', () =>
    verifyBinary(
      compiled.binaryPath,
      compiled.language === 'prebuilt' ? null : compiled.language,
      log
    )
  )
  const sourceDateEpoch =
    settings.sourceDateEpoch ?? (await commitTime(exec, settings.compile.workingDirectory))
  const image = await log.group('Build the scratch image', () =>
    buildImage(
      { ...settings.image, sourceDateEpoch, binaryName: null },
      inspection,
      deps.git,
      exec,
      log,
      deps.outputDir
    )
  )
  const measure = await log.group('Measure', () => measureImage(image, exec, log))
  return { compiled, inspection, image, measure }
}
