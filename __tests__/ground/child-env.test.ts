import { childEnv, isWithheld } from '../../src/ground/child-env.js'

describe('isWithheld', () => {
  test.each([
    ['INPUT_GITHUB-TOKEN', true],
    ['INPUT_IMAGE', true],
    ['input_github-token', true],
    ['ACTIONS_RUNTIME_TOKEN', true],
    ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', true],
    ['ACTIONS_ID_TOKEN_REQUEST_URL', true],
    ['ACTIONS_CACHE_URL', true],
    ['ACTIONS_RESULTS_URL', true],
    ['GITHUB_TOKEN', true],
    ['github_token', true],
    ['HOME', false],
    ['PATH', false],
    ['DOCKER_CONFIG', false],
    ['DOCKER_HOST', false],
    ['HTTPS_PROXY', false],
    ['https_proxy', false],
    ['NO_PROXY', false],
    ['GOPATH', false],
    ['GOPROXY', false],
    ['GOFLAGS', false],
    ['CC', false],
    ['CFLAGS', false],
    ['LDFLAGS', false],
    ['RUNNER_TEMP', false],
    ['GITHUB_WORKSPACE', false],
    ['GITHUB_SHA', false],
    ['GITHUB_TOKEN_FILE', false],
    ['MY_INPUT_X', false],
    ['XACTIONS_RUNTIME_TOKEN', false]
  ])('%s → withheld %s', (name, withheld) => {
    expect(isWithheld(name)).toBe(withheld)
  })
})

describe('childEnv', () => {
  test('drops the tokens, keeps the tools, and what from-scratch sets wins', () => {
    const env = childEnv(
      {
        HOME: '/home/runner',
        PATH: '/usr/bin',
        'INPUT_GITHUB-TOKEN': 'ghs_secret',
        ACTIONS_RUNTIME_TOKEN: 'rt',
        GITHUB_TOKEN: 'ghs_other',
        CC: 'cc',
        UNSET: undefined
      },
      { CC: 'musl-gcc', GOOS: 'linux' }
    )
    expect(env).toEqual({ HOME: '/home/runner', PATH: '/usr/bin', CC: 'musl-gcc', GOOS: 'linux' })
  })

  test('does not change what it was given', () => {
    const inherited = { INPUT_X: '1', HOME: '/h' }
    childEnv(inherited)
    expect(inherited).toEqual({ INPUT_X: '1', HOME: '/h' })
  })
})
