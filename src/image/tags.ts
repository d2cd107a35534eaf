import { UserError } from '../ground/errors.js'
import {
  formatReference,
  hasControlCharacter,
  parseReference,
  validateImageName
} from './reference.js'
import type { GitContext } from '../ground/git-context.js'

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/

/** What the ref says about the version, for the tags and the `version` label. */
export interface DerivedTags {
  readonly tags: readonly string[]
  /** The value for `org.opencontainers.image.version`; null when nothing names a version. */
  readonly version: string | null
}

/**
 * A branch or tag name made into a valid tag, the way docker/metadata-action
 * does: lowercase, `/` → `-`, anything else not allowed → `-`, at most 128
 * characters, and never starting with `.` or `-`.
 */
export function sanitiseTag(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replaceAll('/', '-')
    .replace(/[^a-z0-9_.-]/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128)
  return cleaned
}

/** Tags for a build whose `tags` input was left empty. */
export function deriveTags(git: GitContext): DerivedTags {
  const short = git.sha === '' ? null : `sha-${git.sha.slice(0, 7)}`
  const tagRef = /^refs\/tags\/(.+)$/.exec(git.ref)
  if (tagRef) {
    const name = tagRef[1]
    const semver = SEMVER.exec(name)
    if (semver) {
      const [, major, minor, patch, pre] = semver
      if (pre !== undefined) {
        const version = `${major}.${minor}.${patch}-${pre}`
        return { tags: [version], version }
      }
      const version = `${major}.${minor}.${patch}`
      return { tags: [version, `${major}.${minor}`, major, 'latest'], version }
    }
    const tag = sanitiseTag(name)
    return { tags: tag === '' ? [] : [tag], version: tag === '' ? null : tag }
  }
  const pull = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(git.ref)
  const prNumber = pull ? Number(pull[1]) : git.prNumber
  if (prNumber !== null && (pull || git.eventName.startsWith('pull_request'))) {
    return { tags: [`pr-${prNumber}`], version: `pr-${prNumber}` }
  }
  const branch = /^refs\/heads\/(.+)$/.exec(git.ref)
  if (branch) {
    const tag = sanitiseTag(branch[1])
    const tags = [tag, short].filter((t): t is string => t !== null && t !== '')
    return { tags, version: tag === '' ? null : tag }
  }
  // A terminal run outside any ref: something stable to find the image by.
  if (short !== null) return { tags: [short], version: null }
  return { tags: ['latest'], version: null }
}

/**
 * The full references to tag the image with. `given` is the `tags` input as
 * docker/metadata-action prints it (full references, or bare tags that get
 * `image` in front); empty means derived from the ref. Duplicates are dropped.
 */
export function resolveTags(image: string, given: readonly string[], git: GitContext): string[] {
  validateImageName(image)
  const entries = given.map((entry) => entry.trim()).filter((entry) => entry !== '')
  const references =
    entries.length === 0
      ? deriveTags(git).tags.map((tag) => `${image}:${tag}`)
      : entries.map((entry) => {
          if (hasControlCharacter(entry)) {
            throw new UserError(
              `tags: ${JSON.stringify(entry)} contains a line break or control character.`
            )
          }
          // A bare tag has neither a path nor a tag separator of its own.
          return entry.includes('/') || entry.includes(':') ? entry : `${image}:${entry}`
        })
  const out: string[] = []
  for (const reference of references) {
    const parsed = parseReference(reference)
    const full = formatReference({ ...parsed, tag: parsed.tag ?? 'latest' })
    if (!out.includes(full)) out.push(full)
  }
  return out
}

/** Labels travel as argv, but a newline in one still breaks every tool that prints them: refuse it. */
export function checkLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  for (const [key, value] of Object.entries(labels)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key)) {
      throw new UserError(`labels: ${JSON.stringify(key)} is not a label key.`, [
        'Keys use letters, digits, ".", "-", "_" and "/", e.g. org.opencontainers.image.description.'
      ])
    }
    if (hasControlCharacter(value)) {
      throw new UserError(`labels: the value of ${key} contains a line break or control character.`)
    }
  }
  return { ...labels }
}

/** OCI annotations from the context; `given` labels win, empty values are left out. */
export function ociLabels(
  git: GitContext,
  image: string,
  sourceDateEpoch: number,
  given: Readonly<Record<string, string>>
): Record<string, string> {
  const { version } = deriveTags(git)
  const title = git.repository.split('/').pop() || image.split('/').pop() || ''
  const filled: Record<string, string> = {
    'org.opencontainers.image.source':
      git.serverUrl !== '' && git.repository !== '' ? `${git.serverUrl}/${git.repository}` : '',
    'org.opencontainers.image.revision': git.sha,
    'org.opencontainers.image.version': version ?? '',
    'org.opencontainers.image.created': new Date(sourceDateEpoch * 1000).toISOString(),
    'org.opencontainers.image.title': title
  }
  const labels: Record<string, string> = {}
  for (const [key, value] of Object.entries(filled)) if (value !== '') labels[key] = value
  return checkLabels({ ...labels, ...given })
}
