import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cLibraryOf } from '../../src/sbom/make.js'
import {
  hostPackagesOf,
  parseDpkgStatus,
  parseOsRelease,
  upstreamVersion
} from '../../src/sbom/host.js'
import { TOOL_VERSION } from '../../src/sbom/version.js'
import { sbomLine } from '../../src/report/sbom-line.js'
import { repoRoot } from '../support/paths.js'

const STATUS = [
  'Package: ca-certificates',
  'Status: install ok installed',
  'Architecture: all',
  'Version: 20230311',
  'Description: Common CA certificates',
  ' continued line: not a field',
  '',
  'Package: musl-dev',
  'Status: install ok installed',
  'Architecture: amd64',
  'Version: 1.2.3-1',
  '',
  'Package: tzdata',
  'Status: deinstall ok config-files',
  'Version: 2024a-0+deb12u1',
  ''
].join('\n')

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'

test('parseDpkgStatus: installed packages only, with version and architecture', () => {
  expect(
    Object.fromEntries(parseDpkgStatus(STATUS, ['ca-certificates', 'tzdata', 'musl-dev']))
  ).toEqual({
    'ca-certificates': { version: '20230311', architecture: 'all' },
    'musl-dev': { version: '1.2.3-1', architecture: 'amd64' }
  })
})

// musl-dev for the runner and musl-dev:arm64 for cross builds, as `dpkg --add-architecture arm64` leaves them.
const TWO_ARCHITECTURES = [
  'Package: musl-dev',
  'Status: install ok installed',
  'Architecture: amd64',
  'Version: 1.2.3-1',
  '',
  'Package: musl-dev',
  'Status: install ok installed',
  'Architecture: arm64',
  'Version: 1.2.3-2',
  '',
  'Package: ca-certificates',
  'Status: install ok installed',
  'Architecture: all',
  'Version: 20230311',
  ''
].join('\n')

test.each([
  ['arm64', { version: '1.2.3-2', architecture: 'arm64' }],
  ['amd64', { version: '1.2.3-1', architecture: 'amd64' }],
  // Not told which: the first listed, as before architectures were asked.
  ['', { version: '1.2.3-1', architecture: 'amd64' }],
  ['riscv64', { version: '1.2.3-1', architecture: 'amd64' }]
])('parseDpkgStatus for a %s binary takes that architecture’s musl-dev', (arch, musl) => {
  const found = parseDpkgStatus(TWO_ARCHITECTURES, ['musl-dev', 'ca-certificates'], arch)
  expect(found.get('musl-dev')).toEqual(musl)
  expect(found.get('ca-certificates')).toEqual({ version: '20230311', architecture: 'all' })
})

test('hostPackagesOf names the arm64 musl-dev for an arm64 binary', () => {
  expect(hostPackagesOf(TWO_ARCHITECTURES, DEBIAN, 'arm64').musl).toMatchObject({
    name: 'musl-dev',
    version: '1.2.3-2',
    architecture: 'arm64'
  })
})

test.each([
  [DEBIAN, { id: 'debian', versionId: '12' }],
  ["ID='ubuntu'\nVERSION_ID=24.04\n", { id: 'ubuntu', versionId: '24.04' }],
  ['', { id: '', versionId: '' }]
])('parseOsRelease %#', (text, parsed) => {
  expect(parseOsRelease(text)).toEqual(parsed)
})

test.each([
  ['1.2.3-1', '1.2.3'],
  ['2.36-9+deb12u4', '2.36'],
  ['1:2.0-3-1', '2.0-3'],
  ['20230311', '20230311']
])('upstreamVersion(%s) = %s', (debian, upstream) => {
  expect(upstreamVersion(debian)).toBe(upstream)
})

test('hostPackagesOf: nothing off Debian and Ubuntu, whatever dpkg says', () => {
  expect(hostPackagesOf(STATUS, 'ID=fedora\nVERSION_ID=40\n')).toEqual({})
  expect(hostPackagesOf(STATUS, DEBIAN)).toEqual({
    'ca-certificates': {
      distro: 'debian',
      distroVersion: '12',
      name: 'ca-certificates',
      version: '20230311',
      architecture: 'all'
    },
    musl: {
      distro: 'debian',
      distroVersion: '12',
      name: 'musl-dev',
      version: '1.2.3-1',
      architecture: 'amd64'
    }
  })
})

const HOST = hostPackagesOf(STATUS, DEBIAN)

test.each([
  ['C with musl-gcc', 'musl-gcc (gcc 12.2.0)', null, [], 'musl', '1.2.3'],
  [
    'C with gcc -static (glibc, no package known here)',
    'gcc (gcc 12.2.0)',
    null,
    [],
    'glibc',
    null
  ],
  ['a prebuilt binary with the NSS strings', 'prebuilt', null, [{ id: 'nss' }], 'glibc', null],
  ['a prebuilt binary without evidence', 'prebuilt', null, [], null, null],
  [
    'Go with cgo and CC=musl-gcc',
    'go1.23.5',
    { CGO_ENABLED: '1', CC: 'musl-gcc' },
    [],
    'musl',
    '1.2.3'
  ],
  ['Go with cgo and the default cc', 'go1.23.5', { CGO_ENABLED: '1' }, [], 'glibc', null]
])('cLibraryOf: %s', (_name, toolchain, settings, findings, library, version) => {
  const found = cLibraryOf(toolchain, settings, findings, HOST)
  expect(found?.name ?? null).toBe(library)
  expect(found?.version ?? null).toBe(version)
})

test('the SBOM names from-scratch at the version package.json has', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    version: string
  }
  expect(TOOL_VERSION).toBe(pkg.version)
})

test('the report line: modules, components, the path code-spanned', () => {
  expect(sbomLine(null)).toBe('')
  expect(sbomLine({ modules: 5, components: 9, path: '/out/a`b.spdx.json' })).toBe(
    '\n\nSBOM: 5 Go modules, 9 components in all, in `` /out/a`b.spdx.json ``.\n'
  )
})
