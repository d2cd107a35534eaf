import { systemExec, type Exec } from '../../src/ground/exec.js'

/**
 * The two Docker engines the integration tests run against, as runners have them:
 *
 * - `classic`: Debian 12's dockerd 20.10 with the classic image store and
 *   BuildKit 0.8, the machine's shared daemon at /var/run/docker.sock (what
 *   older runners and self-hosted machines still run);
 * - `containerd`: Debian trixie's dockerd 26.1 with the containerd image
 *   store and BuildKit 0.13, on a socket of its own, started by
 *   scripts/containerd-engine.sh (the store Docker 29 uses by default, the
 *   BuildKit hosted runners ship).
 *
 * A test takes one as its parameter and reaches it through `engine.env`
 * (DOCKER_HOST, for the CLI, the action and buildx: with DOCKER_HOST set,
 * `docker buildx` uses that engine's own builder) or `engine.exec`:
 *
 *     describe.each(engines)('$name', (engine) => { … buildImage(…, engine.exec, …) … })
 *
 * Which tests run on both and which on the containerd engine alone is written
 * in __tests__/integration/README.md.
 */
export interface Engine {
  /** How test titles name it. */
  readonly name: string
  readonly store: 'classic' | 'containerd'
  /** DOCKER_HOST for programs that talk to it. */
  readonly env: Readonly<{ DOCKER_HOST: string }>
  /** Runs programs with DOCKER_HOST set to it. */
  readonly exec: Exec
}

/** scripts/containerd-engine.sh's socket (`containerd-engine.sh host`); FROM_SCRATCH_CONTAINERD_HOST overrides it. */
const CONTAINERD_HOST =
  process.env.FROM_SCRATCH_CONTAINERD_HOST ?? 'unix:///run/from-scratch-engine/docker.sock'

function engine(name: string, store: Engine['store'], host: string): Engine {
  const env = { DOCKER_HOST: host }
  const exec: Exec = {
    run: (file, args, options = {}) =>
      systemExec.run(file, args, { ...options, env: { ...env, ...options.env } })
  }
  return { name, store, env, exec }
}

export const classicEngine = engine(
  'dockerd 20.10, classic store',
  'classic',
  process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'
)
export const containerdEngine = engine(
  'dockerd 26.1, containerd store',
  'containerd',
  CONTAINERD_HOST
)
export const engines: readonly Engine[] = [classicEngine, containerdEngine]

/** Fails with what to run when an engine does not answer, rather than as an odd test failure. */
export async function engineAnswers(target: Engine): Promise<void> {
  const info = await systemExec.run('docker', ['version', '--format', '{{.Server.Version}}'], {
    env: target.env,
    timeoutMs: 30_000
  })
  if (info.exitCode !== 0) {
    throw new Error(
      `${target.name} does not answer at ${target.env.DOCKER_HOST}: ${info.stderr.trim()}\n` +
        (target.store === 'containerd'
          ? 'Start it with `bash scripts/containerd-engine.sh start` (scripts/test.sh does).'
          : 'Start it with `bash scripts/install-prereqs.sh` (scripts/test.sh does).')
    )
  }
}
