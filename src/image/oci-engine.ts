import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Inspection } from '../elf/types.js'
import { UserError } from '../errors.js'
import type { Exec } from '../exec.js'
import type { Log } from '../log.js'
import { errorLines } from './buildx.js'
import { describeReasons } from './include.js'
import { writeOciImage, type WrittenImage } from './oci/write.js'
import { unmetFindings, type Prepared } from './prepare.js'
import { ImagePushError } from './push-error.js'
import { pushLayout } from './registry/push.js'
import { runSmoke } from './smoke.js'
import type { ExtraReport, ImageResult, ImageSettings } from './types.js'

const LOAD_TIMEOUT_MS = 10 * 60_000

/** What each extra weighs: the file bytes of its layer. */
function extraReports(prepared: Prepared, written: WrittenImage): ExtraReport[] {
  const reports: ExtraReport[] = []
  prepared.plan.layers.forEach((layer, index) => {
    if (layer.kind === 'binary' || layer.kind === 'files') return
    reports.push({
      kind: layer.kind,
      reasons: layer.reasons,
      bytes: written.layers[index].files.reduce((sum, file) => sum + file.size, 0),
      paths: layer.entries.map((entry) => entry.dest)
    })
  })
  return reports
}

async function dockerLoad(exec: Exec, archive: string): Promise<void> {
  const result = await exec.run('docker', ['load', '--input', archive], {
    timeoutMs: LOAD_TIMEOUT_MS
  })
  if (result.exitCode !== 0 || result.timedOut) {
    throw new UserError(
      'docker load refused the image the writer made.',
      errorLines(`${result.stdout}\n${result.stderr}`)
    )
  }
}

/**
 * The daemonless engine: layers, config and manifest written by from-scratch
 * itself into an OCI layout and a `docker load` archive under `outputDir`.
 * Where a Docker daemon answers, the image is loaded (so it can be run and
 * smoke-tested like a buildx image); `push` goes to the registry over the
 * distribution API with the runner's docker login, manifests last.
 */
export async function buildWithWriter(
  settings: ImageSettings,
  prepared: Prepared,
  inspection: Inspection,
  exec: Exec,
  log: Log,
  options: { readonly outputDir?: string; readonly docker: boolean }
): Promise<ImageResult> {
  const outDir = options.outputDir
    ? join(options.outputDir, 'image')
    : await mkdtemp(join(tmpdir(), 'from-scratch-oci-'))
  const written = await writeOciImage({
    plan: prepared.plan,
    config: prepared.config,
    tags: prepared.tags,
    epoch: settings.sourceDateEpoch,
    outDir
  })
  const extras = extraReports(prepared, written)
  for (const extra of extras) {
    log.info(`+ ${extra.kind}: ${extra.bytes} bytes (${describeReasons(extra.reasons)})`)
  }
  for (const unmet of unmetFindings(inspection, extras)) {
    log.warning(`include leaves out what the binary looks for: ${unmet}`)
  }
  log.info(
    `image ${written.configDigest}: ${written.size} bytes, pull size ${written.pullSize} bytes, manifest ${written.manifestDigest}`
  )
  log.info(`OCI layout: ${written.layoutDir}; docker load archive: ${written.archivePath}`)

  let smokeOutput: string | null = null
  if (options.docker) {
    await dockerLoad(exec, written.archivePath)
    log.info(`loaded into docker as ${prepared.tags.join(', ')}`)
    if (settings.smokeTest !== null) {
      smokeOutput = await runSmoke(
        exec,
        written.configDigest,
        settings.smokeTest,
        settings.smokeTimeoutMs
      )
      log.info(`smoke test passed: ${smokeOutput.trim().split('\n').slice(0, 5).join(' | ')}`)
    }
  } else if (settings.smokeTest !== null) {
    log.warning('No Docker daemon to run the smoke test in: it was skipped.')
  }

  const base: ImageResult = {
    name: settings.image,
    tags: prepared.tags,
    imageId: written.configDigest,
    digest: null,
    size: written.size,
    extras,
    files: written.files,
    pushed: false,
    smokeOutput,
    builtWith: 'oci',
    pullSize: written.pullSize,
    layout: { dir: written.layoutDir, archive: written.archivePath }
  }
  if (!settings.push) return base
  try {
    const pushed = await pushLayout({
      layoutDir: written.layoutDir,
      references: prepared.tags,
      log,
      exec
    })
    log.info(`pushed ${pushed.pushed.join(', ')} @ ${pushed.digest}`)
    return { ...base, digest: pushed.digest, pushed: true }
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    throw new ImagePushError(
      `Pushing ${prepared.tags.join(', ')} failed; nothing is reported as published.`,
      [error.message, ...error.details],
      base
    )
  }
}
