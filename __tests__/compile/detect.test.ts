import { UserError } from '../../src/ground/errors.js'
import { binaryName, needsSources, planBuild, type PlanInput } from '../../src/compile/detect.js'

const base: PlanInput = {
  language: 'auto',
  buildCommand: '',
  binary: '',
  hasGoMod: false,
  sourceCount: 0,
  workingDirectory: '.',
  sources: ['*.c']
}

describe('planBuild', () => {
  test.each([
    ['go.mod → go', { hasGoMod: true }, { kind: 'go' }],
    ['go.mod wins over C files', { hasGoMod: true, sourceCount: 3 }, { kind: 'go' }],
    ['C files, no go.mod → c', { sourceCount: 1 }, { kind: 'c' }],
    ['language go without go.mod (GOPATH-less file build)', { language: 'go' }, { kind: 'go' }],
    ['language c ignores go.mod', { language: 'c', hasGoMod: true, sourceCount: 2 }, { kind: 'c' }],
    [
      'a prebuilt binary skips compiling',
      { binary: './bin/app', hasGoMod: true },
      { kind: 'prebuilt' }
    ],
    [
      'build-command in a Go module',
      { buildCommand: 'make', binary: 'app', hasGoMod: true },
      { kind: 'command', language: 'go' }
    ],
    [
      'build-command for C',
      { buildCommand: 'make', binary: 'app' },
      { kind: 'command', language: 'c' }
    ],
    [
      'build-command with language go',
      { buildCommand: 'make', binary: 'app', language: 'go' },
      { kind: 'command', language: 'go' }
    ],
    [
      'build-command with language c in a Go module',
      { buildCommand: 'make', binary: 'app', language: 'c', hasGoMod: true },
      { kind: 'command', language: 'c' }
    ]
  ] as const)('%s', (_name, overrides, plan) => {
    expect(planBuild({ ...base, ...overrides })).toEqual(plan)
  })

  test.each([
    [
      'auto with nothing to build says what was looked for and where',
      { workingDirectory: 'services/api', sources: ['*.c', 'src/**/*.c'] },
      ['`services/api`', 'no go.mod', '`*.c`, `src/**/*.c`', 'working-directory']
    ],
    ['language c with no sources', { language: 'c' }, ['No C sources', '`*.c`', '`sources`']],
    ['build-command without binary', { buildCommand: 'make' }, ['`binary`', 'build-command']]
  ] as const)('%s', (_name, overrides, fragments) => {
    let thrown: unknown
    try {
      planBuild({ ...base, ...overrides })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(UserError)
    for (const fragment of fragments) expect((thrown as Error).message).toContain(fragment)
  })
})

describe('needsSources', () => {
  test.each([
    [{ language: 'auto', buildCommand: '', binary: '', hasGoMod: false }, true],
    [{ language: 'auto', buildCommand: '', binary: '', hasGoMod: true }, false],
    [{ language: 'c', buildCommand: '', binary: '', hasGoMod: true }, true],
    [{ language: 'go', buildCommand: '', binary: '', hasGoMod: false }, false],
    [{ language: 'c', buildCommand: 'make', binary: 'x', hasGoMod: false }, false],
    [{ language: 'auto', buildCommand: '', binary: 'x', hasGoMod: false }, false]
  ] as const)('%j → %s', (input, needed) => {
    expect(needsSources(input)).toBe(needed)
  })
})

describe('binaryName', () => {
  test.each([
    ['go', '.', '/repo/examples/hello-go', 'hello-go'],
    ['go', './cmd/server', '/repo', 'server'],
    ['go', './cmd/server/', '/repo', 'server'],
    ['go', './...', '/repo/api', 'api'],
    ['go', 'example.com/x/cmd/tool', '/repo', 'tool'],
    ['c', '', '/repo/examples/hello-c', 'hello-c'],
    ['c', '', '/', 'app'],
    ['c', '', '/work/my app', 'my_app']
  ] as const)('%s %s in %s → %s', (kind, pkg, dir, name) => {
    expect(binaryName(kind, pkg, dir)).toBe(name)
  })
})
