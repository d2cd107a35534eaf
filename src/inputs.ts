import { basename, resolve } from 'node:path'
import { UserError } from './ground/errors.js'
import { parseInclude } from './image/include.js'
import { parseEntrypointArgs, parseExpose, parseLabels, parseSmokeTest } from './image/parse.js'
import { validateImageName } from './image/reference.js'
import { parseFiles, parseUser } from './image/rootfs.js'
import type { CompileSettings } from './compile/types.js'
import type { ImageEngine, ImageSettings } from './image/types.js'
import { inputSpec } from './input-spec.js'
import type { SbomFormat } from './sbom/types.js'
import type { CommentMode } from './publish/comment.js'
import { parseGateSettings, type GateSettings } from './report/gate.js'
import { keyFromImage, normalizeCommentKey } from './report/key.js'
import {
  parseBoolean,
  parseChoice,
  parseDuration,
  parseLines,
  parseList
} from './ground/input-parse.js'
import { closest } from './ground/did-you-mean.js'
import { KNOWN_PLATFORMS, platformName, platformOfName, type Platform } from './ground/platform.js'

/** Reads one input by its action.yml name; '' when the user did not set it. */
export type InputSource = (name: string) => string

export const SBOM_FORMATS: readonly SbomFormat[] = ['spdx', 'cyclonedx', 'both']

export const LANGUAGES: readonly CompileSettings['language'][] = ['auto', 'go', 'c']

/** Every input, read and validated once, grouped by the stage that uses it. */
export interface Settings {
  /** The compile stage's settings, but for where its output goes. */
  readonly compile: Omit<
    CompileSettings,
    'outputDir' | 'workspace' | 'platform' | 'tempDir' | 'goOutputCache'
  >
  /** The image stage's settings, but for what is only known after compiling. */
  readonly image: Omit<ImageSettings, 'sourceDateEpoch' | 'binaryName' | 'platform' | 'tempDir'>
  /**
   * What is built, in the order given (`platforms`); never empty. Each is compiled,
   * verified and measured on its own; the image is one index of them all. The first
   * is the primary one: the `binary`, `imageid` and size outputs describe it.
   */
  readonly platforms: readonly Platform[]
  /** SOURCE_DATE_EPOCH when set; null means "use the commit time". */
  readonly sourceDateEpoch: number | null
  /** `sbom` and `sbom-format`: the SBOM stage runs only when enabled. */
  readonly sbom: { readonly enabled: boolean; readonly format: SbomFormat }
  /** Size limits, checked against this build and the baseline. */
  readonly gates: GateSettings
  /** When to write the pull-request comment. */
  readonly comment: CommentMode
  /** Normalized comment-key: the image's section in the comment and its baseline; default from the image name. */
  readonly commentKey: string
  /** `comment-key` was given (v1 without it wrote its comment and baseline as `default`). */
  readonly commentKeyGiven: boolean
  /** `comment-group` as given; '' means the workflow's name. */
  readonly commentGroup: string
  /** The bot login an app installation token writes as; '' means GITHUB_TOKEN's `github-actions[bot]`. */
  readonly commentAuthor: string
  /** Token for the comment ('' when none); masked in logs by the caller. */
  readonly githubToken: string
}

export const COMMENT_MODES: readonly CommentMode[] = ['auto', 'always', 'never']

/** What the inputs' defaults depend on besides the inputs. */
export interface InputContext {
  /** Repository root; relative paths in inputs start here. */
  readonly workspace: string
  /** `owner/name` of the workflow's repository; '' outside Actions. */
  readonly repository: string
  /** The SOURCE_DATE_EPOCH environment variable, '' when unset. */
  readonly sourceDateEpoch: string
}

/** How long a smoke run may take: long enough for a slow runner, short enough to catch a hang. */
const SMOKE_TIMEOUT_MS = 60_000

/**
 * The value the user gave, or the documented default. Runners fill defaults
 * from action.yml already; the terminal and tests rely on this.
 */
function valueOf(source: InputSource, name: string): string {
  const given = source(name).trim()
  return given === '' ? inputSpec(name).default : given
}

/** What the user added on top of a default that is always applied. */
function addedTo(defaultValue: string, given: string): string {
  return given === defaultValue ? '' : given
}

/** `ghcr.io/<owner>/<repo>` in Actions, else the project folder's name: lowercased, as names must be. */
export function defaultImageName(repository: string, workingDirectory: string): string {
  if (repository !== '') return `ghcr.io/${repository.toLowerCase()}`
  const folder = basename(workingDirectory)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
  return folder === '' ? 'from-scratch' : folder
}

/** Checked now so a bad `user` fails before compiling; the image stage gets it as given. */
function formatUser(value: string): string {
  parseUser(value)
  return value
}

function parseEpoch(value: string): number | null {
  if (value.trim() === '') return null
  if (!/^\d+$/.test(value.trim())) {
    throw new UserError(
      `SOURCE_DATE_EPOCH is "${value}", but it must be a whole number of seconds since 1970.`
    )
  }
  return Number(value.trim())
}

export const ENGINES: readonly ImageEngine[] = ['auto', 'buildx', 'oci']

/**
 * `builder` chooses the engine and nothing else, so a typo is refused before
 * anything runs instead of failing late as an unknown buildx instance;
 * `buildx-builder` names the instance, and implies buildx.
 */
export function parseBuilder(
  engineValue: string,
  instance: string
): { engine: ImageEngine; builder: string | null } {
  const engine = parseChoice('builder', engineValue, ENGINES)
  if (instance === '') return { engine, builder: null }
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(instance)) {
    throw new UserError(
      `Input \`buildx-builder\` is "${instance}", which is not a buildx builder name (letters, digits, \`_\`, \`.\`, \`-\`).`
    )
  }
  if (engine === 'oci') {
    throw new UserError(
      'Input `buildx-builder` names a buildx builder instance, but `builder` is `oci`, which builds without buildx. Leave out one of them.'
    )
  }
  return { engine: 'buildx', builder: instance }
}

/**
 * `platforms` as docker/build-push-action takes it: `linux/amd64,linux/arm64`,
 * comma- or newline-separated, spaces around entries ignored, a repeat dropped
 * (the first stays where it was), `linux/arm64/v8` read as `linux/arm64`.
 * The order is kept: the first is the primary platform. Empty: the default.
 */
export function parsePlatforms(value: string): Platform[] {
  const entries = parseList(value)
  if (entries.length === 0) return parsePlatforms(inputSpec('platforms').default)
  const platforms: Platform[] = []
  for (const entry of entries) {
    const platform = platformOfName(entry)
    if (platform === null) throw unknownPlatform(entry, value)
    if (!platforms.includes(platform)) platforms.push(platform)
  }
  return platforms
}

function unknownPlatform(entry: string, value: string): UserError {
  const names = KNOWN_PLATFORMS.map(platformName)
  const match = closest(entry, names)
  const within = entry === value.trim() ? '' : ` (in "${value.trim()}")`
  return new UserError(
    `Input \`platforms\` is "${entry}"${within}, but from-scratch builds only ${names.map((n) => `\`${n}\``).join(' and ')}.` +
      (match === null ? '' : ` Did you mean \`${match}\`?`),
    [
      `Give one or more, comma- or newline-separated, e.g. \`${names.join(',')}\`; the first is the primary one (its binary and sizes are the outputs).`
    ]
  )
}

export function readSettings(source: InputSource, context: InputContext): Settings {
  const get = (name: string): string => valueOf(source, name)
  const { workspace } = context
  const workingDirectory = resolve(workspace, get('working-directory'))
  const binary = get('binary')
  const defaultTags = parseList(inputSpec('go-tags').default)
  const image = validateImageName(
    get('image') || defaultImageName(context.repository, workingDirectory)
  )
  const commentKey = get('comment-key').trim()
  return {
    compile: {
      language: parseChoice('language', get('language'), LANGUAGES),
      workingDirectory,
      goPackage: get('package'),
      goLdflags: addedTo(inputSpec('go-ldflags').default, get('go-ldflags')),
      goTags: parseList(get('go-tags')).filter((tag) => !defaultTags.includes(tag)),
      cgo: parseBoolean('cgo', get('cgo')),
      sources: parseList(get('sources')),
      buildCommand: get('build-command'),
      // As written: compile resolves it against working-directory and keeps it inside the workspace.
      binary,
      cflags: addedTo(inputSpec('cflags').default, get('cflags')),
      cc: get('cc'),
      buildTimeoutMs: parseDuration('build-timeout', get('build-timeout'))
    },
    image: {
      image,
      tags: parseList(get('tags')),
      labels: parseLabels(get('labels')),
      include: parseInclude(get('include')),
      user: formatUser(get('user')),
      entrypointArgs: parseEntrypointArgs(get('entrypoint-args')),
      expose: parseExpose(get('expose')),
      files: parseFiles(parseLines(get('files'))),
      workingDirectory,
      workspace: resolve(workspace),
      ...parseBuilder(get('builder'), get('buildx-builder')),
      push: parseBoolean('push', get('push')),
      provenance: parseBoolean('provenance', get('provenance')),
      smokeTest: parseSmokeTest(get('smoke-test')),
      smokeTimeoutMs: SMOKE_TIMEOUT_MS
    },
    platforms: parsePlatforms(get('platforms')),
    sourceDateEpoch: parseEpoch(context.sourceDateEpoch),
    sbom: {
      enabled: parseBoolean('sbom', get('sbom')),
      format: parseChoice('sbom-format', get('sbom-format'), SBOM_FORMATS)
    },
    gates: parseGateSettings({
      'max-size': get('max-size'),
      'max-increase': get('max-increase'),
      'warn-increase': get('warn-increase'),
      'size-metric': get('size-metric')
    }),
    comment: parseChoice('comment', get('comment'), COMMENT_MODES),
    commentKey: normalizeCommentKey(commentKey === '' ? keyFromImage(image) : commentKey),
    commentKeyGiven: commentKey !== '',
    commentGroup: get('comment-group').trim(),
    commentAuthor: get('comment-author'),
    // The default is an expression only a runner expands; taken literally it is no token.
    githubToken: get('github-token').startsWith('${{') ? '' : get('github-token')
  }
}
