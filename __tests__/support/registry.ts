import { mustRun } from './run.js'
import { startRegistryServer } from './registry-server.js'

export { freePort } from './ports.js'

/**
 * A CNCF distribution registry on 127.0.0.1 with htpasswd (bcrypt) auth and
 * storage in a temporary folder. dockerd treats 127.0.0.0/8 registries as
 * insecure (plain HTTP) by default, so no TLS is needed.
 */
export interface Registry {
  /** `127.0.0.1:<port>` */
  readonly host: string
  readonly user: string
  readonly password: string
  /** `--creds` value for skopeo. */
  readonly creds: string
  /** Stops the server; the storage stays until `cleanup`. Safe to call twice. */
  stop(): Promise<void>
  cleanup(): Promise<void>
}

/** One start, one stop; `registry-server.ts` has the restartable one this is made from. */
export function startRegistry(): Promise<Registry> {
  return startRegistryServer()
}

/** `docker login` into the registry with a DOCKER_CONFIG of the test's own. */
export async function dockerLogin(
  registry: Registry,
  env: Readonly<Record<string, string>>,
  password = registry.password
): Promise<void> {
  await mustRun(
    'docker',
    ['login', registry.host, '--username', registry.user, '--password-stdin'],
    {
      env,
      input: password
    }
  )
}
