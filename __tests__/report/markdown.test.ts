import { evaluateGates, parseGateSettings, type GateInputs } from '../../src/report/gate.js'
import { COMMENT_LIMIT, code, commentMarker, renderReport } from '../../src/report/markdown.js'
import type { Report } from '../../src/report/schema.js'
import { baseline, cBinary, goBinary, image, report } from './sample.js'

/** A report with its gates evaluated, as the orchestrator would build it. */
function gated(base: Report, inputs: GateInputs): { report: Report; notes: readonly string[] } {
  const evaluation = evaluateGates(parseGateSettings(inputs), base)
  return { report: { ...base, gates: evaluation.gates }, notes: evaluation.notes }
}

describe('renderReport snapshots', () => {
  test('Go server, baseline, passing gates, PR comment', () => {
    const { report: r, notes } = gated(report(), { 'max-size': '8MB', 'max-increase': '5%' })
    expect(renderReport(r, { commentKey: 'default', notes })).toMatchSnapshot()
  })

  test('failing and warning gates', () => {
    const { report: r, notes } = gated(report(), {
      'max-size': '7.5MB',
      'max-increase': '0.5%,100KB',
      'warn-increase': '0.1%'
    })
    expect(renderReport(r, { commentKey: 'api', notes })).toMatchSnapshot()
  })

  test('C binary, no image, no baseline, terminal', () => {
    const { report: r, notes } = gated(
      report({
        binary: cBinary,
        image: null,
        baseline: null,
        build: { language: 'c', toolchain: 'musl-gcc (gcc 12.2.0)' }
      }),
      { 'max-increase': '5%' }
    )
    expect(renderReport(r, { current: 'this build', notes })).toMatchSnapshot()
  })

  test('dynamic binary rejected', () => {
    const r = report({
      image: null,
      baseline: null,
      binary: {
        ...cBinary,
        linkage: 'dynamic',
        accepted: false,
        summary:
          'dynamically linked: needs /lib64/ld-linux-x86-64.so.2, which an empty image does not have',
        interpreter: '/lib64/ld-linux-x86-64.so.2',
        needed: ['libc.so.6']
      }
    })
    expect(renderReport(r)).toMatchSnapshot()
  })
})

describe('renderReport', () => {
  test.each([
    ['default', '<!-- from-scratch:default -->'],
    ['api/v2', '<!-- from-scratch:api/v2 -->']
  ])('comment key %s puts the marker on the first line', (key, marker) => {
    const body = renderReport(report(), { commentKey: key })
    expect(commentMarker(key)).toBe(marker)
    expect(body.split('\n')[0]).toBe(marker)
  })

  test('no comment key: no marker (job summary, terminal)', () => {
    expect(renderReport(report())).not.toContain('<!--')
  })

  test.each<[string, Report, RegExp]>([
    [
      'ok with baseline',
      report(),
      /^### ✅ .*— 7\.52 MB image, \+50\.0 kB \(\+0\.7%\) vs `main@0123456`$/m
    ],
    ['no baseline', report({ baseline: null }), /^### ✅ .*no baseline to compare with$/m],
    [
      'a baseline that names nothing (a file saved outside git)',
      report({ baseline: { ...baseline, ref: '', sha: '' } }),
      /^### ✅ .*— 7\.52 MB image, \+50\.0 kB \(\+0\.7%\) vs the baseline$/m
    ],
    [
      'binary only',
      report({ image: null }),
      /^### ✅ .*— 7\.30 MB binary, \+50\.0 kB \(\+0\.7%\) vs `main@0123456`$/m
    ],
    [
      'rejected',
      report({ binary: { ...goBinary, accepted: false, linkage: 'dynamic' } }),
      /^### ❌ .*will not run in an empty image \(dynamic\)$/m
    ]
  ])('verdict line: %s', (_name, r, line) => {
    expect(renderReport(r)).toMatch(line)
  })

  test('a baseline that names nothing: the table header says base, never base (``)', () => {
    const text = renderReport(report({ baseline: { ...baseline, ref: '', sha: '' } }))
    expect(text).not.toContain('``')
    expect(text).toMatch(/^\| size \| base \| /m)
  })

  test('no baseline is said plainly', () => {
    expect(renderReport(report({ baseline: null }))).toContain(
      'No baseline: no report from the default branch was found'
    )
    expect(renderReport(report())).not.toContain('No baseline')
  })

  test('no baseline, and why, when the store knows', () => {
    const why = "ACTIONS_CACHE_MODE is 'none', which does not let this run read the Actions cache"
    const escaped = why.replace(/_/g, '\\_')
    expect(renderReport(report({ baseline: null }), { noBaseline: why })).toContain(
      `\nNo baseline: ${escaped}, so there is nothing to compare with and only absolute limits apply.\n`
    )
    expect(renderReport(report(), { noBaseline: why })).not.toContain('No baseline')
  })

  test('the reason for no baseline is escaped: it may name a branch or a file', () => {
    const why = 'refs/heads/<img/src=x>@octo-org/admins[click](https://evil.example)'
    const out = renderReport(report({ baseline: null }), { noBaseline: why })
    const line = out.split('\n').find((l) => l.startsWith('No baseline: ')) ?? ''
    expect(line).toContain(
      '\\<img/src=x\\>@\u200bocto-org/admins\\[click\\](https\\://evil.example)'
    )
    expect(line).not.toMatch(/(^|[^\\])</)
  })

  test('a finding whose extra is missing says which include adds it', () => {
    const r = report({
      image: { ...image, files: [{ path: '/server', size: 1 }], extras: [] }
    })
    expect(renderReport(r)).toContain('not in the image; add `include: ca-certificates`')
  })

  test('what a finding added comes from the extras the image stage recorded, not from path prefixes', () => {
    // A user file under /etc/ssl is not the CA bundle the finding asked for.
    const userFile = { path: '/etc/ssl/private/app.pem', size: 3 }
    const r = report({ image: { ...image, files: [userFile, ...image.files] } })
    const line = renderReport(r)
      .split('\n')
      .find((l) => l.startsWith('- **ca-certificates**'))
    expect(line).toContain('→ added `/etc/ssl/certs/ca-certificates.crt`')
    expect(line).not.toContain('app.pem')
  })

  test('an extra without files (the /tmp folder) is named as added', () => {
    const r = report({
      binary: {
        ...goBinary,
        findings: [{ id: 'tmp', message: 'The binary uses os.TempDir.', evidence: ['os.TempDir'] }]
      },
      image: {
        ...image,
        extras: [
          { kind: 'tmp', reasons: [{ by: 'finding', finding: 'tmp' }], bytes: 0, paths: ['/tmp'] }
        ],
        findingExtras: [{ finding: 'tmp', extra: 'tmp' }]
      }
    })
    expect(renderReport(r)).toContain('→ added `/tmp`')
    expect(renderReport(r)).not.toContain('include: tmp')
  })

  test('a report without the recorded extras (an older baseline) says nothing about them', () => {
    const older = { ...image }
    delete older.extras
    delete older.findingExtras
    const text = renderReport(report({ image: older }))
    expect(text).toContain('- **ca-certificates**')
    expect(text).not.toContain('→')
  })

  test('text from the binary cannot inject markdown or break the table', () => {
    const evil = '</details><img src=x> | `rm` |'
    const r = report({
      binary: {
        ...goBinary,
        go: { version: 'go1.23.5', path: 'x', settings: { '-ldflags': evil } }
      },
      image: { ...image, files: [{ path: evil, size: 1 }] }
    })
    const body = renderReport(r)
    // Markdown starts HTML blocks only at the start of a line; inside code spans it is text.
    const htmlLines = body.split('\n').filter((line) => line.trimStart().startsWith('<'))
    expect(htmlLines).toEqual([
      '<details><summary>Runtime needs</summary>',
      '</details>',
      '<details><summary>Build facts</summary>',
      '</details>'
    ])
    expect(body).toContain('| `` </details><img src=x> \\| `rm` \\| `` | 1 |')
  })

  test.each([
    ['plain', '`plain`'],
    ['a`b', '`` a`b ``'],
    ['`', '`` ` ``'],
    ['a|b', '`a\\|b`'],
    ['two\nlines', '`two lines`']
  ])('code(%j) → %s', (text, out) => {
    expect(code(text)).toBe(out)
  })

  describe('length cap', () => {
    const many = (n: number): Report =>
      report({
        image: {
          ...image,
          files: Array.from({ length: n }, (_, i) => ({
            path: `/usr/share/zoneinfo/Region${i}/City${i}`,
            size: i
          }))
        }
      })

    test('a normal report is far below the cap and keeps every file', () => {
      const body = renderReport(many(50), { commentKey: 'default' })
      expect(body.length).toBeLessThan(COMMENT_LIMIT)
      expect(body).toContain('City49')
    })

    test.each([2_000, 5_000, 50_000])('%d files: capped at 65,536, details trimmed first', (n) => {
      const body = renderReport(many(n), { commentKey: 'default' })
      expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
      expect(body.split('\n')[0]).toBe('<!-- from-scratch:default -->')
      expect(body).toContain('| binary |')
      expect(body).toContain('more files')
      expect(body).toContain('</details>')
    })

    test('a tiny cap drops the details, then cuts lines, never past the cap', () => {
      const full = renderReport(many(10), { commentKey: 'default' })
      for (const maxLength of [full.length, full.length - 1, 1500, 600, 200]) {
        const body = renderReport(many(10), { commentKey: 'default', maxLength })
        expect(body.length).toBeLessThanOrEqual(maxLength)
        if (maxLength === full.length) expect(body).toBe(full)
        else expect(body).toMatch(/more files|files in the image|left out to fit/)
      }
    })
  })
})

describe('a comment that must be cut keeps the headline, the gates and the causes', () => {
  // Issue 18: twelve 62,000-character package names cut the comment to 742 characters,
  // gates and outcome gone. Names are capped (both ends kept) before layout now.
  const long = (i: number): string =>
    `github.com/${String.fromCharCode(97 + i).repeat(31_000)}${'z'.repeat(30_980)}/pkg${i}`
  const packages = Array.from({ length: 12 }, (_, i) => ({
    name: long(i),
    module: long(i),
    bytes: 100_000 + i,
    parts: { code: 100_000 + i }
  }))
  const sizes = (list: typeof packages) => ({
    layout: 'sections' as const,
    sections: [],
    packages: list,
    modules: [],
    symbols: [],
    attributed: {},
    advice: [],
    notes: [],
    mechanisms: [],
    placed: { file: 0, packages: 0, buckets: 0 },
    others: { packages: 0, modules: 0 }
  })
  const current = report({
    binary: { ...goBinary, size: 8_500_000, sizes: sizes(packages) },
    image: { ...image, size: 8_720_000 },
    changes: {
      status: 'compared',
      diff: {
        packages: packages.map((p) => ({
          name: p.name,
          module: p.module,
          base: null,
          current: p.bytes,
          delta: p.bytes
        })),
        modules: [],
        sections: [],
        quiet: 0,
        mechanisms: { added: [], gone: [], kept: [] },
        methods: 0,
        placed: 0
      }
    }
  })
  const { report: r, notes } = gated(current, { 'max-increase': '5%' })
  const body = renderReport(r, { commentKey: 'default', notes })

  test('the body fits, and holds the headline, the gate and the causes before anything collapsed', () => {
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    const top = body.slice(0, body.indexOf('<details>'))
    expect(top).toMatch(
      /^### ❌ from-scratch: `ghcr\.io\/acme\/server` — 8\.72 MB image, \+1\.25 MB \(\+17%\) vs `main@0123456`$/m
    )
    expect(top).toContain(
      '- ❌ image size 8.72 MB, +1.25 MB (+17%), over max-increase 5% (limit 7.84 MB)'
    )
    expect(top).toMatch(/^- \*\*\+1\.20 MB\*\* 12 new packages: `github\.com\/l+…z+\/pkg11` /m)
    expect(top).toContain('| image | 7.47 MB | 8.72 MB |')
  })

  test('every name is capped, keeping both ends', () => {
    for (const line of body.split('\n')) expect(line.length).toBeLessThan(2_000)
    expect(body).toContain('/pkg11`')
  })
})

describe('the reading order', () => {
  test('headline, gates, causes and totals come before the first <details>, within 40 lines', () => {
    const { report: r, notes } = gated(report(), {
      'max-size': '7.5MB',
      'max-increase': '0.5%',
      'warn-increase': '0.1%'
    })
    const body = renderReport(r, { commentKey: 'default', notes })
    const top = body.slice(0, body.indexOf('<details>')).split('\n')
    expect(top.length).toBeLessThanOrEqual(40)
    const at = (pattern: RegExp): number => top.findIndex((line) => pattern.test(line))
    expect(at(/^### ❌/)).toBeLessThan(at(/^\*\*Size gates/))
    expect(at(/^\*\*Size gates/)).toBeLessThan(at(/^\| size \|/))
  })
})
