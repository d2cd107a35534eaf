import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { messageOf } from '../../ground/errors.js'
import { ProgramNotFoundError, type Exec } from '../../ground/exec.js'
import type { Log } from '../../ground/log.js'
import {
  credentialsFromEntry,
  credentialsFromHelper,
  dockerConfigPath,
  findAuthEntry,
  helperFor,
  isHelperNotFound,
  parseDockerConfig,
  serverAddressFor,
  type CredentialSource,
  type DockerConfig
} from './credentials.js'

/** What reading the runner's docker login needs from the world. */
export interface DockerConfigAccess {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly home?: string
  readonly exec: Exec
  readonly log: Log
}

async function readConfig(path: string): Promise<DockerConfig | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  return parseDockerConfig(text, path)
}

/**
 * Credentials for one registry from the runner's docker config, the way
 * `docker push` finds them: a credential helper when one is configured (its
 * "not found" falls back to `auths`), else the `auths` entry.
 */
export async function credentialsFromDockerConfig(
  registry: string,
  access: DockerConfigAccess
): Promise<CredentialSource> {
  const path = dockerConfigPath(access.env, access.home ?? homedir())
  const config = await readConfig(path)
  if (config === null) return { credentials: null, origin: `no docker config at ${path}` }
  const helper = helperFor(config, registry)
  if (helper !== null) {
    const program = `docker-credential-${helper}`
    try {
      const result = await access.exec.run(program, ['get'], {
        input: serverAddressFor(registry),
        timeoutMs: 30_000
      })
      if (result.exitCode === 0) {
        const credentials = credentialsFromHelper(result.stdout)
        if (credentials) return { credentials, origin: `credential helper ${program}` }
      } else if (!isHelperNotFound(`${result.stdout}\n${result.stderr}`)) {
        // A helper's stderr is about the helper, not the secret; still, show only its first line.
        const why = (result.stderr || result.stdout).trim().split('\n')[0] ?? ''
        access.log.warning(
          `${program} get failed for ${registry} (exit ${result.exitCode}): ${why}`
        )
      }
    } catch (error) {
      const why = error instanceof ProgramNotFoundError ? 'it is not on PATH' : messageOf(error)
      access.log.warning(`Docker config ${path} names ${program} for ${registry}, but ${why}.`)
    }
  }
  const found = findAuthEntry(config, registry)
  const credentials = found ? credentialsFromEntry(found[1]) : null
  if (credentials) return { credentials, origin: `docker config ${path} (auths "${found?.[0]}")` }
  return { credentials: null, origin: `nothing for ${registry} in docker config ${path}` }
}
