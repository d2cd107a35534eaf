import type { Inspection } from '../elf/types.js'
import { UserError } from '../ground/errors.js'
import type { Exec } from '../ground/exec.js'
import type { Log } from '../ground/log.js'
import { describeReasons, EXTRA_FOR_FINDING } from './include.js'
import type { Prepared } from './prepare.js'
import { ImagePushError } from './push-error.js'
import { findRoute, runSmoke } from './smoke.js'
import { platformName, type Platform } from '../ground/platform.js'
import type {
  ExtraKind,
  ExtraReport,
  FindingExtra,
  ImageFile,
  ImageResult,
  ImageSettings,
  SmokeVerdict
} from './types.js'

// Steps both engines take the same way, so buildx and the writer report,
// smoke-test and fail a push in one voice.

/** The extras as they landed; `bytesOf(i)` is what layer `i` of the plan weighs in that engine. */
export function extraReports(
  prepared: Prepared,
  bytesOf: (layer: number) => number
): ExtraReport[] {
  const reports: ExtraReport[] = []
  prepared.plan.layers.forEach((layer, index) => {
    if (layer.kind === 'binary' || layer.kind === 'files') return
    reports.push({
      kind: layer.kind,
      reasons: layer.reasons,
      bytes: bytesOf(index),
      paths: layer.entries.map((entry) => entry.dest)
    })
  })
  return reports
}

/** Each finding an extra answers, with that extra, in the findings' order: what the report says about them. */
export function findingExtras(inspection: Inspection): FindingExtra[] {
  return inspection.findings.flatMap((finding) => {
    const extra = EXTRA_FOR_FINDING[finding.id]
    return extra === undefined ? [] : [{ finding: finding.id, extra }]
  })
}

/** Findings that would have added an extra the `include` input left out: worth a warning. */
export function unmetFindings(
  inspection: Inspection,
  chosen: readonly { readonly kind: ExtraKind }[]
): string[] {
  const have = new Set<ExtraKind>(chosen.map((extra) => extra.kind))
  const wanted = findingExtras(inspection)
  return inspection.findings.flatMap((finding) => {
    const extra = wanted.find((want) => want.finding === finding.id)?.extra
    return extra === undefined || have.has(extra)
      ? []
      : [`${finding.id} (would add ${extra}): ${finding.message}`]
  })
}

/** Logs what each extra costs and why, and warns about findings `include` left unmet. */
export function logExtras(extras: readonly ExtraReport[], inspection: Inspection, log: Log): void {
  for (const extra of extras) {
    log.info(`+ ${extra.kind}: ${extra.bytes} bytes (${describeReasons(extra.reasons)})`)
  }
  for (const unmet of unmetFindings(inspection, extras)) {
    log.warning(`include leaves out what the binary looks for: ${unmet}`)
  }
  // What the image already answers is a notice naming what was added, not a warning.
  for (const finding of inspection.findings) {
    const extra = extras.find((e) => e.kind === EXTRA_FOR_FINDING[finding.id])
    if (extra === undefined) continue
    log.annotate({
      severity: 'notice',
      title: 'from-scratch',
      message: `${finding.id}: satisfied, the image has ${extra.kind} (${extra.paths.join(', ')}, ${extra.bytes} bytes)`
    })
  }
}

/** What a smoke run left: the program's output and how it ran; both null when none was asked. */
export interface SmokeRun {
  readonly output: string | null
  readonly verdict: SmokeVerdict | null
}

/**
 * Smoke-tests one platform's image when `smoke-test` asks for it: natively on
 * the engine's own platform; another platform through binfmt_misc (`docker run
 * --platform`) when the kernel has an emulator registered for it, else under
 * the static qemu user emulator found on PATH, mounted into the container as
 * its entrypoint. A platform nothing here can run is `{ran: false}` with a
 * warning, never a pass. A failed run throws the UserError that shows its output.
 * `image` is what the engine calls the image (`localId`); for an index loaded
 * whole, the engine picks `platform`'s manifest from it.
 */
export async function smokePlatform(
  settings: Pick<ImageSettings, 'smokeTest' | 'smokeTimeoutMs'>,
  prepared: Pick<Prepared, 'config'>,
  image: string,
  platform: Platform,
  exec: Exec,
  log: Log
): Promise<SmokeRun> {
  if (settings.smokeTest === null) return { output: null, verdict: null }
  const route = await findRoute(exec, platform)
  if (route.how === 'none') {
    log.warning(`Smoke test on ${platformName(platform)} not run: ${route.why}.`)
    return { output: null, verdict: { ran: false, why: route.why } }
  }
  const command = {
    image,
    platform,
    entrypoint: prepared.config.Entrypoint,
    cmd: prepared.config.Cmd ?? [],
    args: settings.smokeTest
  }
  const output = await runSmoke(exec, command, route, settings.smokeTimeoutMs)
  const how = route.how === 'emulator' ? route.name : route.how
  const under = route.how === 'native' ? '' : ` (${how})`
  log.info(
    `smoke test passed on ${platformName(platform)}${under}: ${output.trim().split('\n').slice(0, 5).join(' | ')}`
  )
  return { output, verdict: { ran: true, how } }
}

/** A push that failed with a UserError becomes the error that still reports the local image. */
export function pushFailure(
  error: unknown,
  tags: readonly string[],
  local: ImageResult,
  hint: readonly string[]
): unknown {
  if (!(error instanceof UserError)) return error
  return new ImagePushError(
    `Pushing ${tags.join(', ')} failed; nothing is reported as published.`,
    [error.message, ...error.details, ...hint],
    local
  )
}

/**
 * Image size as DESIGN.md "Sizes, defined once" defines it: the sum of the
 * bytes of the regular files in the layers, from what the engine put in them.
 * Never asked of the daemon: with the containerd image store `docker image
 * inspect`'s .Size counts compressed content (and since moby #53426 compressed
 * plus unpacked). It is what `docker images` showed with the classic store for
 * a buildx build; symlinks and folders weigh nothing here (the classic store's
 * `docker load` counted a symlink by its target's length, tzdata's aliases).
 */
export function imageSizeOf(files: readonly ImageFile[]): number {
  return files.reduce((sum, file) => sum + file.size, 0)
}

const INSPECT_TIMEOUT_MS = 60_000

/**
 * The ID the local engine uses for an image it holds: the config digest with
 * the classic store, the manifest's digest with the containerd image store.
 * Asked of the daemon, never computed, and the only thing asked of it: the
 * image's size comes from its content (see content-size.ts).
 */
export async function localImageId(exec: Exec, reference: string): Promise<string> {
  const result = await exec.run('docker', ['image', 'inspect', '--format', '{{.Id}}', reference], {
    timeoutMs: INSPECT_TIMEOUT_MS
  })
  const id = result.stdout.trim()
  if (result.exitCode !== 0 || result.timedOut || !/^sha256:[0-9a-f]{64}$/.test(id)) {
    throw new UserError(`docker image inspect ${reference} failed after the image was loaded.`, [
      ...result.stderr.trim().split('\n').filter(Boolean).slice(0, 5),
      ...(id === '' || /^sha256:[0-9a-f]{64}$/.test(id) ? [] : [`It answered: ${id.slice(0, 200)}`])
    ])
  }
  return id
}
