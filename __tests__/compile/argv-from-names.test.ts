import { access, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { compile } from '../../src/compile/run.js'
import type { CompileLog, CompileSettings } from '../../src/compile/types.js'
import { userErrorOf } from '../support/errors.js'
import { compileRecorder, compileSettings, offlineExec } from '../support/compile.js'
import { freshDir } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// Issue 9, items 3 and 4: names a pull request controls (file names found by
// the `sources` glob) and values that become positional arguments (`package`)
// must never be read as compiler or go flags. Each attack here runs a program
// under the old code; the proof is the file that program would have written.

const offline = offlineExec()

const quiet: CompileLog = { info: () => {}, warning: () => {}, annotate: () => {} }

const recorder = compileRecorder

async function workspaceWith(files: Record<string, string>): Promise<string> {
  const workspace = await freshDir('argv')
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(workspace, 'app', path, '..'), { recursive: true })
    await writeFile(join(workspace, 'app', path), text, { mode: 0o755 })
  }
  return workspace
}

function settings(
  workspace: string,
  overrides: Partial<CompileSettings>
): Promise<CompileSettings> {
  return compileSettings({ workspace, workingDirectory: 'app', ...overrides })
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

// gcc reads options from the file named after `@`; `-wrapper` runs every
// subcommand (cc1, as, ld) under the program it names.
const OPTIONS_FILE = '-wrapper /bin/sh,-c,touch${IFS}pwned\n'

describe('C sources named like options (real musl-gcc)', () => {
  test('`-name.c` is compiled as a file, not taken as a flag', async () => {
    const workspace = await workspaceWith({
      'main.c':
        '#include <stdio.h>\nint helper(void);\nint main(void) { printf("%d\\n", helper()); return 0; }\n',
      '-name.c': 'int helper(void) { return 42; }\n'
    })
    const log = recorder()
    const result = await compile(await settings(workspace, {}), offline, log)
    expect((await mustRun(result.binaryPath, [])).stdout).toBe('42\n')
    // The compile command is logged as one line; other info lines (kernel headers) may come first.
    expect(log.infos.filter((line) => / \.\/-name\.c \.\/main\.c$/.test(line))).toHaveLength(1)
  })

  test('`@r.c` next to an `r.c` of options is refused by name before any compiler runs', async () => {
    const workspace = await workspaceWith({
      '@r.c': 'int main(void) { return 0; }\n',
      'r.c': OPTIONS_FILE
    })
    const log = recorder()
    const error = await userErrorOf(compile(await settings(workspace, {}), offline, log), 'compile')
    expect(await exists(join(workspace, 'app', 'pwned'))).toBe(false)
    expect(error.message).toContain('C source `@r.c` starts with `@`')
    expect(error.details.join('\n')).toContain('`!@r.c`')
    expect(log.infos.filter((line) => line.includes('musl-gcc -Os'))).toEqual([])
  })

  test('`src/@r.c` is refused too: gcc hands cc1 the base name as `-dumpbase @r.c`', async () => {
    const workspace = await workspaceWith({
      'src/@r.c': 'int main(void) { return 0; }\n',
      'r.c': OPTIONS_FILE
    })
    const error = await userErrorOf(
      compile(await settings(workspace, { sources: ['src/*.c'] }), offline, recorder()),
      'compile'
    )
    expect(await exists(join(workspace, 'app', 'pwned'))).toBe(false)
    expect(error.message).toContain('C source `src/@r.c` starts with `@`')
  })
})

describe('a Go package that looks like a flag (real go)', () => {
  test('`package: -toolexec=…` is refused, naming the input, and the tool never runs', async () => {
    const workspace = await freshDir('argv-go')
    const pwned = join(workspace, 'pwned')
    await mkdir(join(workspace, 'app'))
    await writeFile(join(workspace, 'app', 'go.mod'), 'module example.com/x\n\ngo 1.21\n')
    await writeFile(join(workspace, 'app', 'main.go'), 'package main\n\nfunc main() {}\n')
    const tool = join(workspace, 'tool.sh')
    await writeFile(tool, `#!/bin/sh\ntouch '${pwned}'\nexec "$@"\n`, { mode: 0o755 })
    const error = await userErrorOf(
      compile(await settings(workspace, { goPackage: `-toolexec=${tool}` }), offline, quiet),
      'compile'
    )
    expect(await exists(pwned)).toBe(false)
    expect(error.message).toContain('`package`')
    expect(error.message).toContain(`-toolexec=${tool}`)
    expect(error.message).toContain('cannot start with `-`')
  })
})
