import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { INPUTS, OUTPUTS } from '../src/input-spec.js'
import { repoRoot } from './support/paths.js'

/** The inputs or outputs block of our own action.yml: `name → { field → value }`. */
function actionYmlBlock(section: 'inputs' | 'outputs'): Map<string, Record<string, string>> {
  const lines = readFileSync(join(repoRoot, 'action.yml'), 'utf8').split('\n')
  const entries = new Map<string, Record<string, string>>()
  let inSection = false
  let current: Record<string, string> | undefined
  for (const line of lines) {
    if (/^\S/.test(line)) {
      inSection = line.startsWith(`${section}:`)
      continue
    }
    if (!inSection) continue
    const entry = /^ {2}([a-z-]+):\s*$/.exec(line)
    if (entry) {
      current = {}
      entries.set(entry[1], current)
      continue
    }
    const field = /^ {4}([a-z-]+):\s*(?:'(.*)'|(\S+))\s*$/.exec(line)
    if (field && current) current[field[1]] = (field[2] ?? field[3]).replace(/''/g, "'")
  }
  return entries
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')

describe('action.yml declares exactly the inputs the code reads', () => {
  const declared = actionYmlBlock('inputs')

  test('same names, in the same order', () => {
    expect([...declared.keys()]).toEqual(INPUTS.map((input) => input.name))
  })

  test.each(INPUTS.map((input) => [input.name, input] as const))(
    '%s has the same default and description',
    (name, input) => {
      expect(declared.get(name)).toEqual({
        description: input.description,
        required: 'false',
        default: input.default
      })
    }
  )
})

describe('action.yml declares exactly the outputs the code sets', () => {
  const declared = actionYmlBlock('outputs')

  test('same names and descriptions', () => {
    expect(Object.fromEntries(declared)).toEqual(
      Object.fromEntries(
        OUTPUTS.map((output) => [output.name, { description: output.description }])
      )
    )
  })
})

/** Cells of the README table rows whose first cell is a code-quoted name. */
function readmeRows(section: 'inputs' | 'outputs'): Map<string, string[]> {
  const rows = new Map<string, string[]>()
  const block = readme.split(`<!-- ${section}:start -->`)[1]?.split(`<!-- ${section}:end -->`)[0]
  for (const line of (block ?? '').split('\n')) {
    if (!line.startsWith('|')) continue
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim())
    const name = /^`([a-z-]+)`$/.exec(cells[0] ?? '')
    if (name) rows.set(name[1], cells)
  }
  return rows
}

describe('the README documents every input and output', () => {
  const inputRows = readmeRows('inputs')
  const outputRows = readmeRows('outputs')

  test.each(INPUTS.map((input) => [input.name, input.default] as const))(
    'input %s has a row with its default',
    (name, defaultValue) => {
      expect(inputRows.get(name)?.[1]).toBe(defaultValue === '' ? '' : `\`${defaultValue}\``)
    }
  )

  test.each(OUTPUTS.map((output) => output.name))('output %s has a row', (name) => {
    expect(outputRows.has(name)).toBe(true)
  })
})
