import {
  DEFAULT_PLATFORM,
  cpuName,
  debianArch,
  debianCrossPackage,
  gnuTriple,
  goEnvText,
  platformName,
  type Platform
} from '../ground/platform.js'
import type { GoBuildInfo, Inspection, Verdict } from './types.js'

/**
 * The fix line for a binary that will not run in scratch: one sentence that
 * says what to change, from the verdict and, for Go, the recorded build
 * settings. Every Go claim here was checked against Go 1.23 by building and
 * inspecting (see __tests__/elf/inspect.test.ts for the ones we rebuild).
 */

export type Language = 'go' | 'c'

/** What advice needs from an inspection; a whole `Inspection` fits. */
export type AdviceFacts = Pick<Inspection, 'verdict' | 'go'> & Partial<Pick<Inspection, 'goNote'>>

/** C runtime libraries that `-static` links from libc's own archives; anything else needs its own `.a`. */
const LIBC_PARTS =
  /^(libc|libm|libpthread|libdl|librt|libutil|libresolv|ld-linux[^.]*|ld-musl[^.]*)\.so/

/**
 * The C compilers that link statically for `platform`: the plain names for
 * the default platform, which the runners are, and the cross compilers'
 * triples for any other (which also work on a host of that CPU, beside the
 * plain names).
 */
function cCompilers(platform: Platform): { musl: string; gnu: string } {
  if (platformName(platform) === platformName(DEFAULT_PLATFORM)) {
    return { musl: 'musl-gcc', gnu: 'gcc' }
  }
  return { musl: `${gnuTriple(platform, 'musl')}-gcc`, gnu: `${gnuTriple(platform, 'gnu')}-gcc` }
}

function cStatic(platform: Platform): string {
  const cc = cCompilers(platform)
  return `link statically: \`${cc.musl} -static\` (no NSS surprises at run time), or \`${cc.gnu} -static\``
}

function goDynamic(verdict: Verdict, go: GoBuildInfo | null): string {
  const settings = go?.settings ?? {}
  const fixes: string[] = []
  if (settings['-buildmode'] === 'pie') {
    // Checked with Go 1.23: internal linking keeps PT_INTERP; external linking needs cgo.
    fixes.push(
      '`-buildmode=pie` makes Go ask for a dynamic loader even without cgo (`-linkmode=internal` keeps it): drop `-buildmode=pie`, or, if you need PIE, build with `CGO_ENABLED=1` and `-ldflags "-linkmode=external -extldflags=-static-pie"`, which has gcc link a static-pie'
    )
  }
  if (settings['CGO_ENABLED'] === '1') {
    fixes.push(
      'built with cgo against a shared C library: set `cgo: false` (pure Go, with `-tags netgo,osusergo`), or keep cgo and link statically against musl with `cgo: true`'
    )
  }
  if (fixes.length > 0) return fixes.join('; ')
  if (settings['-linkshared'] === 'true') {
    return '`-linkshared` links against shared Go libraries: drop it and build with `CGO_ENABLED=0`'
  }
  const needs = verdict.needed.length > 0 ? ` and ${verdict.needed.join(', ')}` : ''
  return `it asks for ${verdict.interpreter ?? 'a dynamic loader'}${needs}: build with \`CGO_ENABLED=0\` (\`cgo: false\`) and without \`-buildmode=pie\`, or link cgo statically against musl with \`cgo: true\``
}

function cDynamic(verdict: Verdict, platform: Platform): string {
  const extra = verdict.needed.filter((lib) => !LIBC_PARTS.test(lib))
  const archives =
    extra.length > 0
      ? `; ${extra.join(', ')} must then be linked from static archives (${extra.map((lib) => `${lib.replace(/\.so.*$/, '')}.a`).join(', ')})`
      : ''
  if (verdict.interpreter?.includes('ld-musl')) {
    return `add \`-static\` to the link (\`${cCompilers(platform).musl} -static\`)${archives}`
  }
  return `${cStatic(platform)}${archives}`
}

function dynamic(
  verdict: Verdict,
  go: GoBuildInfo | null,
  language: Language | null,
  platform: Platform
): string {
  if (language === 'go') return goDynamic(verdict, go)
  if (language === 'c') return cDynamic(verdict, platform)
  const cc = cCompilers(platform)
  return `link statically: for Go, \`CGO_ENABLED=0\` without \`-buildmode=pie\`; for C, \`${cc.musl} -static\` or \`${cc.gnu} -static\``
}

function sharedLibrary(go: GoBuildInfo | null, language: Language | null): string {
  if (language === 'go') {
    const mode = go?.settings['-buildmode']
    const how = mode ? ` (it was built with \`-buildmode=${mode}\`)` : ''
    return `this is a shared library, not a program${how}: build a \`package main\` with the default \`-buildmode=exe\``
  }
  if (language === 'c') {
    return 'this is a shared library, not a program: drop `-shared` and link an executable with a `main` function, statically (`musl-gcc -static`)'
  }
  return 'this is a shared library, not a program: build an executable (Go: `package main`, default `-buildmode`; C: no `-shared`, link with `-static`)'
}

/**
 * The musl cross compiler for `platform`, and where Debian and Ubuntu keep it:
 * musl-dev of the target architecture ships the `<triple>-gcc` wrapper around
 * the gnu cross gcc.
 */
function muslCross(platform: Platform): string {
  const arch = debianArch(platform)
  return `\`${gnuTriple(platform, 'musl')}-gcc -static\` (Debian/Ubuntu: \`dpkg --add-architecture ${arch}\`, on Ubuntu an apt source with ${arch} packages, then \`apt-get install ${debianCrossPackage(platform)} musl-dev:${arch}\`)`
}

function wrongArchitecture(language: Language | null, platform: Platform): string {
  const goFix = `build with \`${goEnvText(platform)}\``
  const cpu = cpuName(platform)
  const cFix = `compile for ${cpu} Linux: \`musl-gcc -static\` on an ${cpu} host, or elsewhere the cross compiler ${muslCross(platform)}`
  if (language === 'go') return goFix
  if (language === 'c') return cFix
  return `for Go, ${goFix}; for C, ${cFix}`
}

/**
 * One line that says how to get a binary that runs in scratch. `language`
 * is a hint from the caller (what was compiled); Go build info in the
 * binary overrides it.
 */
export function adviceFor(
  facts: AdviceFacts,
  language: Language | null = null,
  platform: Platform = DEFAULT_PLATFORM
): string {
  const { verdict, go } = facts
  const lang: Language | null = go || facts.goNote ? 'go' : language
  switch (verdict.linkage) {
    case 'static':
    case 'static-pie':
      return 'nothing to fix: it runs in an empty image'
    case 'dynamic':
      return dynamic(verdict, go, lang, platform)
    case 'shared-library':
      return sharedLibrary(go, lang)
    case 'wrong-architecture':
      return wrongArchitecture(lang, platform)
    case 'not-elf':
      return `point \`binary\` at the compiled ${platformName(platform)} executable: a script or archive cannot run in scratch, which has no shell and no interpreters`
    case 'malformed':
      return 'the file is truncated or damaged: rebuild it, and if it came from a cache or an artifact, check that it was copied whole'
  }
}
