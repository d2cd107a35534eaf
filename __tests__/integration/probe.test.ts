import { systemExec } from '../../src/ground/exec.js'
import { onlyClassicStore, probeEngines } from '../../src/image/probe.js'
import { execWithEnv, recording } from '../support/docker.js'

// The engine probe against the real docker CLI and daemon.

test('the local engine: a daemon, its store, and docker info asked only where the store can differ', async () => {
  const calls: string[][] = []
  const local = await probeEngines(recording(calls, systemExec))
  expect(local.dockerProblem).toBeNull()
  expect(local.daemon).toBe(true)
  const version = (await systemExec.run('docker', ['version', '--format', '{{.Server.Version}}']))
    .stdout
  if (onlyClassicStore(version)) {
    // Debian's dockerd 20.10: one round trip, and no buildx plugin started by `docker info`.
    expect(local.store).toBe('classic')
    expect(calls.map((call) => call[1])).toEqual(['version'])
  } else {
    expect(['classic', 'containerd']).toContain(local.store)
    expect(calls.map((call) => call[1])).toEqual(['version', 'info'])
  }
})

test('no daemon: the problem says so, and nothing else is asked', async () => {
  const calls: string[][] = []
  const local = await probeEngines(
    recording(calls, execWithEnv({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }))
  )
  expect(local.daemon).toBe(false)
  expect(local.dockerProblem?.message).toMatch(/Docker daemon is not reachable/)
  expect(calls).toHaveLength(1)
})
