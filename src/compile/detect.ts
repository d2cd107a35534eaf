import { UserError } from '../ground/errors.js'

/** How the binary comes to be. */
export type BuildPlan =
  | { readonly kind: 'prebuilt' }
  | { readonly kind: 'go' }
  | { readonly kind: 'c' }
  /** The user's own command; `language` decides which environment it gets. */
  | { readonly kind: 'command'; readonly language: 'go' | 'c' }

/** What the filesystem said about the working directory, plus the inputs that decide. */
export interface PlanInput {
  readonly language: 'auto' | 'go' | 'c'
  readonly buildCommand: string
  readonly binary: string
  readonly hasGoMod: boolean
  /** How many files matched `sources`; only consulted when it matters. */
  readonly sourceCount: number
  /** For messages: the working directory as the user wrote it. */
  readonly workingDirectory: string
  /** For messages: the source globs. */
  readonly sources: readonly string[]
}

/** Whether the C sources must be looked up before `planBuild` can decide. */
export function needsSources(
  input: Pick<PlanInput, 'language' | 'buildCommand' | 'binary' | 'hasGoMod'>
): boolean {
  if (input.buildCommand.trim() !== '' || input.binary.trim() !== '') return false
  return input.language === 'c' || (input.language === 'auto' && !input.hasGoMod)
}

export function planBuild(input: PlanInput): BuildPlan {
  const where = `\`${input.workingDirectory}\``
  const globs = input.sources.map((s) => `\`${s}\``).join(', ')
  if (input.buildCommand.trim() !== '') {
    if (input.binary.trim() === '') {
      throw new UserError(
        '`build-command` is set but `binary` is not: set `binary` to the path the command writes ' +
          `(relative to ${where}), e.g. \`binary: ./server\`.`
      )
    }
    const go = input.language === 'go' || (input.language === 'auto' && input.hasGoMod)
    return { kind: 'command', language: go ? 'go' : 'c' }
  }
  if (input.binary.trim() !== '') return { kind: 'prebuilt' }
  if (input.language === 'go') return { kind: 'go' }
  if (input.language === 'c' || !input.hasGoMod) {
    if (input.sourceCount > 0) return { kind: 'c' }
    if (input.language === 'c') {
      throw new UserError(
        `No C sources in ${where}: nothing matched ${globs}. Set \`sources\` to globs relative ` +
          'to `working-directory` (e.g. `src/**/*.c`), or set `working-directory`.'
      )
    }
    throw new UserError(
      `Nothing to build in ${where}: there is no go.mod and no file matching ${globs}. ` +
        'Set `working-directory` to your Go module or C project, or set `language`, ' +
        '`sources`, `build-command` or `binary`.'
    )
  }
  return { kind: 'go' }
}

/**
 * The output file's name, so that the image and the report show something
 * recognisable: the Go package's last element (`./cmd/server` → `server`),
 * else the project folder's name.
 */
export function binaryName(kind: 'go' | 'c', goPackage: string, workingDirectory: string): string {
  const fromPackage = kind === 'go' ? lastElement(goPackage.replace(/\/\.\.\.$/, '')) : ''
  const name = fromPackage || lastElement(workingDirectory) || 'app'
  return name.replace(/[^\w.-]/g, '_').replace(/^\.+/, '') || 'app'
}

function lastElement(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '' && p !== '.' && p !== '..')
  return parts.at(-1) ?? ''
}
