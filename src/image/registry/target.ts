import { UserError } from '../../ground/errors.js'
import { parseReference } from '../reference.js'

/** Docker Hub's names: what people type, and the host its API answers on. */
export const DOCKER_HUB = 'docker.io'
const DOCKER_HUB_API = 'registry-1.docker.io'
const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API])

/** One place an image goes: a registry, a repository in it, and a tag. */
export interface PushTarget {
  /** The reference as given, for messages. */
  readonly reference: string
  /** Registry as people name it (`docker.io` for Docker Hub): the key for credentials. */
  readonly registry: string
  /** host[:port] the distribution API answers on. */
  readonly apiHost: string
  /** Repository path inside the registry (`library/` added for official Docker Hub names). */
  readonly repository: string
  readonly tag: string
}

export function isDockerHub(host: string): boolean {
  return DOCKER_HUB_ALIASES.has(host.toLowerCase())
}

/** Splits a full reference like `127.0.0.1:5000/team/app:1.2.3`; no tag means `latest`, as in docker. */
export function parsePushTarget(reference: string): PushTarget {
  const parsed = parseReference(reference)
  const hub = parsed.domain === null || isDockerHub(parsed.domain)
  const registry = hub ? DOCKER_HUB : (parsed.domain ?? DOCKER_HUB)
  const repository = hub && !parsed.path.includes('/') ? `library/${parsed.path}` : parsed.path
  return {
    reference,
    registry,
    apiHost: hub ? DOCKER_HUB_API : registry,
    repository,
    tag: parsed.tag ?? 'latest'
  }
}

/** The tags that go to one repository, in the order they were given. */
export interface RepositoryTarget {
  readonly registry: string
  readonly apiHost: string
  readonly repository: string
  readonly tags: readonly string[]
  /** References as given, one per tag. */
  readonly references: readonly string[]
}

/** Groups references by repository, dropping repeated tags; first-seen order is kept. */
export function groupTargets(references: readonly string[]): RepositoryTarget[] {
  if (references.length === 0) {
    throw new UserError('Nothing to push: no image references were given.')
  }
  const groups = new Map<string, { target: PushTarget; tags: string[]; references: string[] }>()
  for (const reference of references) {
    const target = parsePushTarget(reference)
    const key = `${target.apiHost}/${target.repository}`
    const group = groups.get(key) ?? { target, tags: [], references: [] }
    groups.set(key, group)
    if (!group.tags.includes(target.tag)) {
      group.tags.push(target.tag)
      group.references.push(reference)
    }
  }
  return [...groups.values()].map(({ target, tags, references: refs }) => ({
    registry: target.registry,
    apiHost: target.apiHost,
    repository: target.repository,
    tags,
    references: refs
  }))
}
