import { LINUX_AMD64 } from '../../src/ground/platform.js'
import type { Annotation, CompileLog, CompileSettings } from '../../src/compile/types.js'
import type { Exec } from '../../src/ground/exec.js'
import { execWithEnv } from './docker.js'
import { freshDir, repoRoot } from './paths.js'

/** The compile stage's runner for tests: no module downloads, no toolchain switch, plus `extra`. */
export function offlineExec(extra: Readonly<Record<string, string>> = {}): Exec {
  return execWithEnv({ GOTOOLCHAIN: 'local', GOPROXY: 'off', ...extra })
}

/** A compile log that keeps what it was told, for assertions. */
export interface RecordedCompileLog extends CompileLog {
  readonly infos: string[]
  readonly warnings: string[]
  readonly annotations: Annotation[]
}

export function compileRecorder(): RecordedCompileLog {
  const infos: string[] = []
  const warnings: string[] = []
  const annotations: Annotation[] = []
  return {
    infos,
    warnings,
    annotations,
    info: (m) => infos.push(m),
    warning: (m) => warnings.push(m),
    annotate: (a) => annotations.push(a)
  }
}

/** The compile settings the inputs give by default, in the repository, with a fresh output folder. */
export async function compileSettings(
  overrides: Partial<CompileSettings> = {}
): Promise<CompileSettings> {
  return {
    language: 'auto',
    workingDirectory: '.',
    goPackage: '.',
    goLdflags: '',
    goTags: [],
    cgo: false,
    sources: ['*.c'],
    buildCommand: '',
    binary: '',
    cflags: '',
    cc: '',
    outputDir: await freshDir('compile-out'),
    workspace: repoRoot,
    platform: LINUX_AMD64,
    ...overrides
  }
}
