import { isAbsolute, resolve } from 'node:path'
import { inputSpec } from './input-spec.js'
import { parseBoolean, parseChoice, parseList } from './input-parse.js'

/** Reads one input by its action.yml name; '' when the user did not set it. */
export type InputSource = (name: string) => string

export const LANGUAGES = ['auto', 'go', 'c'] as const
export type LanguageChoice = (typeof LANGUAGES)[number]

/** Every input, read and validated once. Stages receive parts of this, never raw inputs. */
export interface Settings {
  /** `go`, `c`, or `auto` (decided from the files in `workingDirectory`). */
  readonly language: LanguageChoice
  /** Absolute path of the module or project root. */
  readonly workingDirectory: string
  /** Go package to build, relative to `workingDirectory`. */
  readonly goPackage: string
  /** Linker flags the user added to `-s -w` ('' when none). */
  readonly goLdflags: string
  /** Build tags the user added to `netgo,osusergo`. */
  readonly goTags: readonly string[]
  /** Go with cgo, linked statically against musl. */
  readonly cgo: boolean
  /** C source globs, relative to `workingDirectory`. */
  readonly sources: readonly string[]
  /** A custom build command ('' when none); run without a shell. */
  readonly buildCommand: string
  /** A prebuilt binary, or the result of `buildCommand` ('' when none). Absolute. */
  readonly binary: string
  /** C compiler flags the user added to `-Os -static -s` ('' when none). */
  readonly cflags: string
  /** An explicit C compiler ('' picks one). */
  readonly cc: string
}

/**
 * The value the user gave, or the documented default. Runners fill defaults
 * from action.yml already; the terminal and tests rely on this.
 */
function valueOf(source: InputSource, name: string): string {
  const given = source(name).trim()
  return given === '' ? inputSpec(name).default : given
}

/** What the user added on top of a default that is always applied. */
function addedTo(defaultValue: string, given: string): string {
  return given === defaultValue ? '' : given
}

export function readSettings(source: InputSource, workspace: string): Settings {
  const get = (name: string): string => valueOf(source, name)
  const workingDirectory = resolve(workspace, get('working-directory'))
  const binary = get('binary')
  const defaultTags = parseList(inputSpec('go-tags').default)
  return {
    language: parseChoice('language', get('language'), LANGUAGES),
    workingDirectory,
    goPackage: get('package'),
    goLdflags: addedTo(inputSpec('go-ldflags').default, get('go-ldflags')),
    goTags: parseList(get('go-tags')).filter((tag) => !defaultTags.includes(tag)),
    cgo: parseBoolean('cgo', get('cgo')),
    sources: parseList(get('sources')),
    buildCommand: get('build-command'),
    binary: binary === '' || isAbsolute(binary) ? binary : resolve(workingDirectory, binary),
    cflags: addedTo(inputSpec('cflags').default, get('cflags')),
    cc: get('cc')
  }
}
