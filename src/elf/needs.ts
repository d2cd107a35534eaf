import { findNames, findPclnTab, type NamePattern } from './go-pclntab.js'
import { PF_W, PF_X, PT_LOAD, SHT_NOBITS, type ElfFile } from './reader.js'
import type { Finding, FindingId } from './types.js'

/**
 * What a binary will look for at run time that an empty image does not
 * have. The mapping from evidence (function names, strings) to findings is
 * pure; the one reader here scans read-only data for glibc's NSS strings.
 */

interface GoRule {
  readonly id: Exclude<FindingId, 'nss'>
  /** Any of these names is evidence. */
  readonly anyOf: readonly NamePattern[]
  /** Any of these names means the program brings its own answer: no finding. */
  readonly unless?: readonly NamePattern[]
  readonly message: string
}

const exact = (text: string): NamePattern => ({ kind: 'exact', text })
const prefix = (text: string): NamePattern => ({ kind: 'prefix', text })
const contains = (text: string): NamePattern => ({ kind: 'contains', text })

/** In the order findings are reported. */
export const GO_RULES: readonly GoRule[] = [
  {
    id: 'ca-certificates',
    anyOf: [exact('crypto/x509.loadSystemRoots'), exact('crypto/x509.systemRootsPool')],
    // golang.org/x/crypto/x509roots/fallback embeds a root bundle through this call.
    unless: [exact('crypto/x509.SetFallbackRoots')],
    message:
      'makes TLS connections that verify certificates against the system roots: scratch has no CA bundle, so they fail with "x509: certificate signed by unknown authority". Add `include: ca-certificates`.'
  },
  {
    id: 'tzdata',
    // Exact: time.LoadLocationFromTZData alone reads no files.
    anyOf: [exact('time.LoadLocation')],
    unless: [prefix('time/tzdata.')],
    message:
      'loads time zones by name (time.LoadLocation): scratch has no /usr/share/zoneinfo, so every zone but UTC fails with "unknown time zone". Add `include: tzdata`, or build with `-tags timetzdata` (embeds the zone database, about 450 KB).'
  },
  {
    id: 'user-lookup',
    anyOf: [
      'os/user.Current',
      'os/user.current',
      'os/user.Lookup',
      'os/user.LookupId',
      'os/user.LookupGroup',
      'os/user.LookupGroupId',
      'os/user.lookupUser',
      'os/user.lookupUserId',
      'os/user.lookupGroup',
      'os/user.lookupGroupId',
      'os/user.listGroups'
    ].map(exact),
    message:
      'looks up users or groups (os/user): scratch has no /etc/passwd or /etc/group, so user.Current and user.Lookup return errors. Add `include: passwd`.'
  },
  {
    id: 'tmp',
    anyOf: [exact('os.CreateTemp'), exact('os.MkdirTemp'), exact('os.TempDir')],
    message:
      'creates temporary files (os.CreateTemp / os.TempDir): scratch has no /tmp, so they fail with "no such file or directory". Add `include: tmp` (an empty /tmp, mode 1777), or set TMPDIR to a writable volume.'
  },
  {
    id: 'cgo-calls',
    anyOf: [contains('._Cfunc_'), contains('._C2func_'), contains('_cgo_topofstack')],
    // Only a problem when the C library linked in is glibc (GLIBC_MARKERS): with
    // musl, static, the C code needs nothing from the image. findingsFrom decides.
    message:
      'calls C through cgo, and the C library linked in is glibc: even linked statically, glibc loads NSS modules and locale files that scratch does not have. Link it statically against musl (`cgo: true` does), or drop the C calls and build with `cgo: false`.'
  }
]

/** Every function-name pattern the Go rules look at: what to ask the pclntab for. */
export const GO_NAME_PATTERNS: readonly NamePattern[] = GO_RULES.flatMap((rule) => [
  ...rule.anyOf,
  ...(rule.unless ?? [])
])

export function nameMatches(name: string, pattern: NamePattern): boolean {
  switch (pattern.kind) {
    case 'exact':
      return name === pattern.text
    case 'prefix':
      return name.startsWith(pattern.text)
    case 'contains':
      return name.includes(pattern.text)
  }
}

function matching(names: readonly string[], patterns: readonly NamePattern[]): string[] {
  return names.filter((name) => patterns.some((p) => nameMatches(name, p)))
}

/** Findings for a Go binary from the function names seen in it. */
export function goFindings(names: Iterable<string>): Finding[] {
  const sorted = [...new Set(names)].sort()
  const findings: Finding[] = []
  for (const rule of GO_RULES) {
    const evidence = matching(sorted, rule.anyOf)
    if (evidence.length === 0) continue
    if (rule.unless && matching(sorted, rule.unless).length > 0) continue
    findings.push({ id: rule.id, message: rule.message, evidence })
  }
  return findings
}

/** Strings static glibc carries when getaddrinfo, getpwnam and friends are linked in. */
export const NSS_STRINGS: readonly string[] = [
  'libnss_%s.so',
  '__nss_hosts_lookup2',
  '__nss_passwd_lookup2'
]

export const NSS_MESSAGE =
  'is linked statically against glibc, which still resolves hosts and users through NSS at run time: in scratch it finds no /etc/nsswitch.conf, /etc/hosts or /etc/passwd and cannot load the libnss_*.so modules it may ask for, so getaddrinfo and getpwnam can fail. Link against musl instead (`musl-gcc -static`), or add /etc/passwd and /etc/group (`include: passwd`) and /etc/hosts and an /etc/nsswitch.conf (`hosts: files dns`) through `files`.'

/** The NSS finding from the strings seen in read-only data, or null. */
export function nssFinding(seen: Iterable<string>): Finding | null {
  const set = new Set(seen)
  const evidence = NSS_STRINGS.filter((s) => set.has(s))
  return evidence.length === 0 ? null : { id: 'nss', message: NSS_MESSAGE, evidence }
}

/**
 * Strings only glibc puts into a static binary, never musl or Go itself
 * (checked against Go 1.23 cgo binaries linked statically with gcc and with
 * musl-gcc, and against pure Go binaries): the tunables variable (glibc 2.26+),
 * the private symbol version its static dlopen checks, and the loader cache
 * that static dlopen reads. Any one of them means glibc.
 */
export const GLIBC_MARKERS: readonly string[] = [
  'GLIBC_TUNABLES',
  'GLIBC_PRIVATE',
  '/etc/ld.so.cache'
]

/** What was found in a binary, before it becomes findings. */
export interface Evidence {
  /** Function names matched in `.gopclntab`; null when the binary is not Go. */
  readonly goNames: Iterable<string> | null
  /**
   * Strings seen in read-only data: NSS_STRINGS for a binary that is not Go,
   * GLIBC_MARKERS for a Go binary that calls C (looked for only then).
   */
  readonly strings: Iterable<string>
}

/** The findings for one binary, in a stable order. */
export function findingsFrom(evidence: Evidence): Finding[] {
  if (evidence.goNames !== null) {
    const seen = new Set(evidence.strings)
    const glibc = GLIBC_MARKERS.filter((s) => seen.has(s))
    // cgo against musl, static, runs in scratch: a finding only with glibc, which it names.
    return goFindings(evidence.goNames).flatMap((f) =>
      f.id !== 'cgo-calls'
        ? [f]
        : glibc.length === 0
          ? []
          : [{ ...f, evidence: [...f.evidence, ...glibc] }]
    )
  }
  const nss = nssFinding(evidence.strings)
  return nss ? [nss] : []
}

/** How much is read at a time: bounded memory whatever the binary's size. */
const CHUNK = 1 << 20

/** [start, end) file ranges of the read-only data: `.rodata`, else every read-only non-exec PT_LOAD. */
export async function readOnlyDataRanges(elf: ElfFile): Promise<[bigint, bigint][]> {
  const rodata = await elf.section('.rodata')
  if (rodata && rodata.type !== SHT_NOBITS && rodata.size > 0n) {
    return [[rodata.offset, rodata.offset + rodata.size]]
  }
  return elf.programHeaders
    .filter((ph) => ph.type === PT_LOAD && (ph.flags & (PF_X | PF_W)) === 0 && ph.filesz > 0n)
    .map((ph): [bigint, bigint] => [ph.offset, ph.offset + ph.filesz])
}

/**
 * Which of `needles` occur in the file ranges, read CHUNK bytes at a time
 * with an overlap of the longest needle, so that a string across two
 * chunks is still seen.
 */
export async function findStrings(
  elf: ElfFile,
  ranges: readonly [bigint, bigint][],
  needles: readonly string[],
  chunk = CHUNK
): Promise<string[]> {
  const wanted = needles.map((n) => ({ text: n, bytes: Buffer.from(n, 'utf8') }))
  const overlap = Math.max(0, ...wanted.map((w) => w.bytes.length - 1))
  const found = new Set<string>()
  for (const [start, rawEnd] of ranges) {
    const end = rawEnd < elf.src.size ? rawEnd : elf.src.size
    let pos = start
    while (pos < end && found.size < wanted.length) {
      const want = end - pos < BigInt(chunk + overlap) ? Number(end - pos) : chunk + overlap
      const buf = await elf.src.read(pos, want)
      if (buf.length === 0) break
      for (const w of wanted) {
        if (!found.has(w.text) && buf.indexOf(w.bytes) !== -1) found.add(w.text)
      }
      if (buf.length < want || pos + BigInt(buf.length) >= end) break
      pos += BigInt(buf.length - overlap)
    }
  }
  return needles.filter((n) => found.has(n))
}

/** NSS_STRINGS present in the binary's read-only data. */
export async function findNssStrings(elf: ElfFile): Promise<string[]> {
  return findStrings(elf, await readOnlyDataRanges(elf), NSS_STRINGS)
}

const CGO_RULE = GO_RULES.find((rule) => rule.id === 'cgo-calls')

/**
 * Gathers the evidence: function names when the binary has a Go function
 * table (and, when they show cgo calls, glibc's markers), else (not Go)
 * glibc's NSS strings. `knownGo` (from the build info) keeps a Go binary
 * whose table was not found out of the C checks.
 */
export async function evidenceOf(elf: ElfFile, knownGo: boolean): Promise<Evidence> {
  const tab = await findPclnTab(elf)
  if (tab) {
    const goNames = await findNames(elf, tab, GO_NAME_PATTERNS)
    const callsC = CGO_RULE !== undefined && matching([...goNames], CGO_RULE.anyOf).length > 0
    // Read-only data is read only for cgo binaries: a pure Go binary has no C library.
    const strings = callsC
      ? await findStrings(elf, await readOnlyDataRanges(elf), GLIBC_MARKERS)
      : []
    return { goNames, strings }
  }
  if (knownGo) return { goNames: [], strings: [] }
  return { goNames: null, strings: await findNssStrings(elf) }
}
