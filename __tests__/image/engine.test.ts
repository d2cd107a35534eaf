import { UserError } from '../../src/ground/errors.js'
import { chooseEngine } from '../../src/image/engine.js'

const noDaemon = new UserError('The Docker daemon is not reachable, so no image can be built.')

describe('chooseEngine', () => {
  test.each([
    ['auto', null, 'buildx', false],
    ['auto', noDaemon, 'oci', true],
    ['buildx', null, 'buildx', false],
    ['oci', null, 'oci', false],
    ['oci', noDaemon, 'oci', false]
  ] as const)('%s with problem %p → %s (notice: %s)', (requested, problem, engine, notice) => {
    const choice = chooseEngine(requested, problem)
    expect(choice.engine).toBe(engine)
    expect(choice.notice !== null).toBe(notice)
  })

  test('auto says why it falls back', () => {
    expect(chooseEngine('auto', noDaemon).notice).toBe(
      'docker buildx is not usable here (The Docker daemon is not reachable, so no image can be built): building with the daemonless writer instead.'
    )
  })

  test('buildx asked for but missing: the reason is the error', () => {
    expect(() => chooseEngine('buildx', noDaemon)).toThrow(noDaemon)
  })
})
