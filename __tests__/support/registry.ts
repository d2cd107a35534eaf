import { mustRun } from './run.js'
import { startRegistryServer, type RegistryServer } from './registry-server.js'

export { freePort } from './ports.js'

/**
 * A CNCF distribution registry on 127.0.0.1 with htpasswd (bcrypt) auth and
 * storage in a temporary folder. dockerd treats 127.0.0.0/8 registries as
 * insecure (plain HTTP) by default, so no TLS is needed.
 */
export type Registry = Pick<
  RegistryServer,
  'host' | 'user' | 'password' | 'creds' | 'stop' | 'cleanup'
>

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
