import { closest } from './ground/did-you-mean.js'
import { UserError } from './ground/errors.js'
import { INPUTS, type InputSpec } from './input-spec.js'

/**
 * The terminal's flags, as one table: the parser, `--help` and "did you mean"
 * all read it, and every action input is a flag generated from input-spec.ts,
 * so the flags, the help and action.yml cannot drift apart.
 *
 * Our own parser rather than node's parseArgs or a library: parseArgs cannot
 * take a value that starts with `-` (`--smoke-test -v`), has no "did you
 * mean" and no choices, and answers a typo with a message that quotes badly;
 * a library would add to a bundle we keep small for start-up time, and would
 * still need this table for the inputs.
 */
export interface Flag {
  readonly name: string
  /** `switch`: takes no value. `value`: takes one (the next word, or `=…`). `list`: may repeat. */
  readonly kind: 'switch' | 'value' | 'list'
  /** What `--help` shows for the value, e.g. FILE. */
  readonly value?: string
  readonly summary: string
  readonly short?: string
  /** The action input this flag sets, when it is one. */
  readonly input?: InputSpec
}

export type Command = 'inspect' | 'diff' | 'build'
export const COMMANDS: readonly Command[] = ['inspect', 'diff', 'build']

const HELP: Flag = { name: 'help', short: 'h', kind: 'switch', summary: 'show this help' }
const VERSION: Flag = { name: 'version', kind: 'switch', summary: 'print the version' }
const JSON_FLAG: Flag = { name: 'json', kind: 'switch', summary: 'print JSON instead of text' }

/** A true/false input: a bare `--push` means `--push true`. */
export function isBooleanInput(input: InputSpec): boolean {
  return input.choices?.includes('true') === true && input.choices.includes('false')
}

const TRUE_FALSE = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE']

/** What `--help` calls each input's value. */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  'working-directory': 'DIR',
  package: 'PKG',
  sources: 'GLOBS',
  'build-command': 'CMD',
  binary: 'FILE',
  'go-ldflags': 'FLAGS',
  'go-tags': 'TAGS',
  cflags: 'FLAGS',
  cc: 'CMD',
  'build-timeout': 'TIME',
  platforms: 'LIST',
  image: 'NAME',
  tags: 'TAGS',
  labels: 'K=V',
  include: 'LIST',
  user: 'UID:GID',
  'entrypoint-args': 'ARGS',
  expose: 'PORTS',
  files: 'SRC:DEST',
  'buildx-builder': 'NAME',
  'smoke-test': 'ARGS',
  'max-size': 'SIZE',
  'max-increase': 'CHANGE',
  'warn-increase': 'CHANGE',
  'comment-key': 'KEY',
  'comment-author': 'LOGIN',
  'github-token': 'TOKEN'
}

function inputFlag(input: InputSpec): Flag {
  const value =
    input.choices && !isBooleanInput(input)
      ? input.choices.join('|')
      : (VALUE_NAMES[input.name] ?? 'VALUE')
  return {
    name: input.name,
    kind: isBooleanInput(input) ? 'switch' : 'value',
    value: isBooleanInput(input) ? undefined : value,
    summary: input.summary,
    input
  }
}

/** Every input is a flag of the same name, in action.yml's order (the comment's do nothing here). */
export const INPUT_FLAGS: readonly Flag[] = INPUTS.map(inputFlag)

export const BUILD_FLAGS: readonly Flag[] = [
  { name: 'tag', kind: 'list', value: 'TAG', summary: 'a tag; repeat for more (adds to --tags)' },
  {
    name: 'baseline',
    kind: 'value',
    value: 'FILE',
    summary: 'compare with this saved report and apply the gates'
  },
  {
    name: 'save-baseline',
    kind: 'value',
    value: 'FILE',
    summary: 'keep this build’s report as a future --baseline'
  },
  {
    name: 'output-dir',
    kind: 'value',
    value: 'DIR',
    summary: 'keep the binary (and OCI layout) here'
  },
  {
    name: 'markdown',
    kind: 'value',
    value: 'FILE',
    summary: 'write the PR comment as markdown (- for stdout)'
  },
  { name: 'json', kind: 'switch', summary: 'print the report JSON on stdout' },
  { name: 'no-cache', kind: 'switch', summary: 'do not reuse go’s output from the last build' },
  {
    name: 'verbose',
    short: 'v',
    kind: 'switch',
    summary: 'show every step and the compiler’s output as it runs'
  },
  HELP
]

export const FLAGS: Readonly<Record<Command, readonly Flag[]>> = {
  inspect: [
    { name: 'sizes', kind: 'switch', summary: 'add where the bytes are (sections, packages)' },
    JSON_FLAG,
    HELP
  ],
  diff: [
    {
      name: 'markdown',
      kind: 'switch',
      summary: 'print markdown (for a comment) instead of text'
    },
    JSON_FLAG,
    HELP
  ],
  build: [...BUILD_FLAGS, ...INPUT_FLAGS]
}

/** Flags that work before or without a command. */
const GLOBAL: readonly Flag[] = [HELP, VERSION]

export type FlagValue = string | boolean | readonly string[]

export interface CommandLine {
  /** null: no command (`--help`, `--version`, or nothing at all). */
  readonly command: Command | null
  readonly positionals: readonly string[]
  readonly values: Readonly<Record<string, FlagValue>>
}

function shown(flag: Flag): string {
  return `--${flag.name}`
}

function unknownFlag(arg: string, flags: readonly Flag[], where: string): UserError {
  const name = arg.replace(/^-+/, '').split('=')[0]
  const names = flags.flatMap((f) => (f.short ? [f.name, f.short] : [f.name]))
  const match = closest(name, names)
  const found = flags.find((f) => f.name === match || f.short === match)
  const hint = found ? ` Did you mean ${shown(found)}?` : ''
  return new UserError(`unknown flag ${JSON.stringify(arg.split('=')[0])} for ${where}.${hint}`, [
    `${where === 'from-scratch' ? 'from-scratch --help' : `from-scratch ${where} --help`} lists them.`
  ])
}

/** A choice input's value, checked before anything runs, with "did you mean". */
export function checkChoice(flag: Flag, value: string): void {
  const choices = flag.input?.choices
  if (!choices || flag.kind === 'switch') return
  if (choices.includes(value)) return
  const match = closest(value, choices)
  throw new UserError(
    `--${flag.name} is ${JSON.stringify(value)}, but it takes ${choices.join(', ')}.` +
      (match === null ? '' : ` Did you mean ${match}?`)
  )
}

function commandOf(word: string): Command {
  const found = COMMANDS.find((c) => c === word)
  if (found) return found
  const match = closest(word, [...COMMANDS, 'help'])
  throw new UserError(
    `unknown command ${JSON.stringify(word)}.${match === null ? '' : ` Did you mean ${match}?`}`,
    [`The commands are ${COMMANDS.join(', ')}; from-scratch --help says more.`]
  )
}

/**
 * Reads a command line: the command, its positionals and its flags' values.
 * A value flag takes the next word whatever it looks like (`--smoke-test -v`)
 * or `--flag=value`; a true/false input may stand bare (`--push`) or take a
 * true/false word; `--` ends the flags. Every mistake is a UserError that
 * says what would have been right. Pure.
 */
export function parseCommandLine(args: readonly string[]): CommandLine {
  const values: Record<string, FlagValue> = {}
  const positionals: string[] = []
  let command: Command | null = null
  let flags: readonly Flag[] = GLOBAL
  let flagsEnded = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (flagsEnded || arg === '-' || !arg.startsWith('-')) {
      if (command === null && positionals.length === 0 && arg !== 'help') {
        command = commandOf(arg)
        flags = [...FLAGS[command], VERSION]
      } else if (command === null && arg === 'help') {
        values.help = true
      } else positionals.push(arg)
      continue
    }
    if (arg === '--') {
      flagsEnded = true
      continue
    }
    const long = arg.startsWith('--')
    const [name, inline] = long
      ? ((eq) => (eq < 0 ? [arg.slice(2), null] : [arg.slice(2, eq), arg.slice(eq + 1)]))(
          arg.indexOf('=')
        )
      : [arg.slice(1), null]
    const flag = flags.find((f) => (long ? f.name === name : f.short === name))
    if (!flag) {
      const known = command === null ? [...FLAGS.build, ...GLOBAL] : flags
      if (command === null && known.some((f) => f.name === name)) {
        throw new UserError(`${arg} goes after the command, e.g. from-scratch build ${arg} …`)
      }
      throw unknownFlag(arg, command === null ? GLOBAL : flags, command ?? 'from-scratch')
    }
    if (flag.kind === 'switch') {
      if (flag.input) {
        // `--push`, `--push=false`, `--push false`: a true/false input.
        const next = args[i + 1]
        // `build DIR --cgo maybe`: with DIR given, a word after a true/false flag was meant as its value.
        if (
          inline === null &&
          next !== undefined &&
          !next.startsWith('-') &&
          !TRUE_FALSE.includes(next) &&
          positionals.length > 0
        ) {
          throw new UserError(
            `--${flag.name} is ${JSON.stringify(next)}, but it takes true or false (or nothing: --${flag.name} alone means true).`
          )
        }
        const value = inline ?? (next !== undefined && TRUE_FALSE.includes(next) ? next : 'true')
        if (inline === null && value === next) i++
        if (!TRUE_FALSE.includes(value)) {
          throw new UserError(
            `--${flag.name} is ${JSON.stringify(value)}, but it takes true or false.`
          )
        }
        values[flag.name] = value
      } else {
        if (inline !== null) throw new UserError(`--${flag.name} takes no value.`)
        values[flag.name] = true
      }
      continue
    }
    let value: string
    if (inline !== null) value = inline
    else {
      const next = args[i + 1]
      if (next === undefined) {
        throw new UserError(`--${flag.name} needs a value${flag.value ? ` (${flag.value})` : ''}.`)
      }
      value = next
      i++
    }
    checkChoice(flag, value)
    if (flag.kind === 'list') {
      const before = values[flag.name]
      values[flag.name] = [...(Array.isArray(before) ? before : []), value]
    } else values[flag.name] = value
  }
  return { command, positionals, values }
}

/** Columns of flag lines: `  --name VALUE` padded, then the summary and the default. */
function flagLines(flags: readonly Flag[]): string[] {
  const left = flags.map((f) => {
    const short = f.short ? `-${f.short}, ` : ''
    return `  ${short}--${f.name}${f.value ? ` ${f.value}` : ''}`
  })
  const width = Math.min(36, Math.max(...left.map((l) => l.length)) + 2)
  return flags.map((f, i) => {
    const fallback = f.input?.default ?? ''
    // A default the summary already names (`added to -s -w`) or one only a runner expands is left out.
    const named =
      f.input?.choices === undefined && fallback.length > 1 && f.summary.includes(fallback)
    const shownDefault = fallback !== '' && f.kind !== 'switch' && !f.input?.secret && !named
    const extra = shownDefault ? ` (default ${fallback})` : ''
    const pad =
      left[i].length + 2 > width ? `${left[i]}\n${' '.repeat(width)}` : left[i].padEnd(width)
    return `${pad}${f.summary}${extra}`
  })
}

export const USAGE = `usage: from-scratch COMMAND [ARGS] [FLAGS]

  build [DIR]        compile DIR (default .), verify the binary, build the scratch image
                     and measure it; prints the image reference on stdout
  inspect FILE...    whether a binary runs in scratch, and why (--sizes: where its bytes are)
  diff OLD NEW       what changed in size between two binaries or two report files

  from-scratch COMMAND --help    the command's flags
  from-scratch --version`

const COMMAND_HELP: Readonly<Record<Command, string>> = {
  inspect: `usage: from-scratch inspect FILE [--sizes] [--json]
       from-scratch inspect FILE FILE... [--json]

The verdict and findings for one binary; --sizes adds where its bytes are (sections,
Go packages and modules, largest C symbols, how to shrink). With several files, one
verdict line each. Exit 0: runs in scratch; 1: will not; 2: cannot tell.`,
  diff: `usage: from-scratch diff OLD NEW [--markdown | --json]

What changed in size between two binaries or two report JSON files (any mix): packages,
modules with their versions, sections. Exit 0, or 2 when either cannot be read.`,
  build: `usage: from-scratch build [DIR] [FLAGS]

Compiles DIR (default .: the Go module or C project there, found the way go finds it),
verifies the binary, builds and measures the scratch image, and applies the size gates.
stdout: the image reference, e.g. docker run "$(from-scratch build)". stderr: a summary.
Exit 0: built and within the gates; 1: a gate failed or the binary will not run in
scratch; 2: anything else that stopped the build.

Without --output-dir, the binary and other work files go to a temporary folder that is
removed at the end. A Go build reuses go's output kept in ~/.cache/from-scratch/go-out.`
}

/** `from-scratch COMMAND --help`: what the command does and every flag it takes. */
export function commandHelp(command: Command): string {
  if (command !== 'build') {
    return `${COMMAND_HELP[command]}\n\nflags:\n${flagLines(FLAGS[command]).join('\n')}`
  }
  return [
    COMMAND_HELP.build,
    '',
    'flags:',
    ...flagLines(BUILD_FLAGS),
    '',
    'inputs (the action’s inputs, same names; README "Inputs" says more):',
    ...flagLines(INPUT_FLAGS)
  ].join('\n')
}
