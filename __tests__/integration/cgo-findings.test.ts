import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runCli } from '../support/cli-world.js'
import { copyOf, findingsCorpus } from '../support/findings-corpus.js'
import { SLOW, integrationFixture } from '../support/fixture.js'

// cgo is a problem in scratch only when the C library linked in is glibc:
// `cgo: true` links statically against musl, and that binary needs nothing
// from the image, so the build says nothing about cgo. A prebuilt cgo binary
// linked statically against glibc still gets the warning.

interface Report {
  binary: { linkage: string; findings: { id: string; evidence: string[] }[] }
}

const CGO_PROGRAM = `package main

// #include <stdio.h>
// static void hello(void) { puts("hello from C"); }
import "C"

func main() { C.hello() }
`

const fixture = integrationFixture({ name: 'cgo-findings' })

test(
  '`cgo: true` (static, musl): the build warns about nothing, and reports no cgo finding',
  async () => {
    const image = 'from-scratch-test/cgo-musl'
    fixture.removeAfter(`${image}:latest`)
    const project = await fixture.folder('cgo-musl')
    await writeFile(join(project, 'go.mod'), 'module example.com/cgo\n\ngo 1.21\n')
    await writeFile(join(project, 'main.go'), CGO_PROGRAM)

    const run = await runCli(
      ['build', '.', '--cgo', 'true', '--image', image, '--smoke-test', 'x', '--json'],
      project
    )
    expect(run.err).not.toContain('unexpected error')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.out) as Report
    expect(report.binary.linkage).toBe('static')
    expect(report.binary.findings).toEqual([])
    expect(run.err.split('\n').filter((line) => line.startsWith('warning'))).toEqual([])
    expect(run.err).not.toMatch(/through cgo|glibc/i)
  },
  SLOW
)

test(
  'a prebuilt cgo binary linked statically against glibc still warns, naming glibc',
  async () => {
    const image = 'from-scratch-test/cgo-glibc'
    fixture.removeAfter(`${image}:latest`)
    const project = await fixture.folder('cgo-glibc')
    await copyOf(await findingsCorpus(), 'go-cgo-glibc', join(project, 'app'))

    const run = await runCli(['build', '.', '--binary', 'app', '--image', image, '--json'], project)
    expect(run.err).not.toContain('unexpected error')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.out) as Report
    expect(report.binary.findings.map((f) => f.id)).toEqual(['cgo-calls'])
    expect(report.binary.findings[0]?.evidence).toEqual(
      expect.arrayContaining(['main._Cfunc_hello', 'GLIBC_TUNABLES'])
    )
    const warnings = run.err.split('\n').filter((line) => line.startsWith('warning'))
    expect(warnings).toEqual([
      expect.stringMatching(/calls C through cgo, and the C library linked in is glibc.*musl/)
    ])
  },
  SLOW
)
