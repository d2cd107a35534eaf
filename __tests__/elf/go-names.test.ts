import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  CMD_MODULE,
  LINKER_BUCKET,
  ModuleMap,
  STD_MODULE,
  UNKNOWN_MODULE,
  filePackage,
  packageOf,
  typePackage,
  parseModules,
  unescapePath,
  withoutInstantiation
} from '../../src/elf/go-names.js'
import { mustRun } from '../support/run.js'
import { sizesCorpus } from '../support/sizes-corpus.js'

describe('packageOf', () => {
  it.each<[string, string | null]>([
    ['main.main', 'main'],
    ['runtime.mallocgc', 'runtime'],
    ['net/http.(*Server).Serve', 'net/http'],
    ['net/http.Header.Get', 'net/http'],
    ['net/http.(*conn).serve.func1', 'net/http'],
    ['main.main.func2.1', 'main'],
    ['internal/cpu.cpuid.abi0', 'internal/cpu'],
    ['slices.SortFunc[go.shape.[]uint8,go.shape.string]', 'slices'],
    ['main.Map[go.shape.struct { example.com/x/y.A int },go.shape.string]', 'main'],
    ['example.com/m/p.(*T[go.shape.int]).M', 'example.com/m/p'],
    ['gopkg.in/yaml%2ev3.(*decoder).unmarshal', 'gopkg.in/yaml.v3'],
    ['example.com/text%2ekit.Title', 'example.com/text.kit'],
    ['type:.eq.net/http.Request', 'net/http'],
    ['type:.eq.[6]internal/cpu.option', 'internal/cpu'],
    ['type:.eq.*example.com/m/p.T', 'example.com/m/p'],
    ['type..eq.sync.Once', 'sync'],
    ['type:.eq.[2]interface {}', null],
    ['go:buildinfo', null],
    ['go:string.*', null],
    ['type:*net/http.Request', 'net/http'],
    ['go.buildid', null],
    ['aeshashbody', null],
    ['_rt0_amd64_linux', null]
  ])('%s → %s', (name, pkg) => {
    expect(packageOf(name)).toBe(pkg)
  })
})

describe('helpers', () => {
  it('drops nested instantiations', () => {
    expect(withoutInstantiation('p.F[a.B[c.D]].func1')).toBe('p.F.func1')
  })
  it('unescapes every %xx', () => {
    expect(unescapePath('a%2eb%25c')).toBe('a.b%c')
  })
})

describe('ModuleMap', () => {
  const modules = new ModuleMap({ path: 'example.com/app', version: '(devel)', replacedBy: '' }, [
    { path: 'golang.org/x/net', version: 'v0.20.0', replacedBy: '' },
    { path: 'golang.org/x/net/http2x', version: 'v0.1.0', replacedBy: '' },
    { path: 'gopkg.in/yaml.v3', version: 'v3.0.1', replacedBy: '' },
    { path: 'example.com/forked', version: 'v1.0.0', replacedBy: '../forked' }
  ])
  it.each<[string, string]>([
    ['main', 'example.com/app'],
    ['example.com/app/internal/db', 'example.com/app'],
    ['golang.org/x/net/http2', 'golang.org/x/net'],
    ['golang.org/x/net/http2x/hpack', 'golang.org/x/net/http2x'],
    ['golang.org/x/netfoo', UNKNOWN_MODULE],
    ['gopkg.in/yaml.v3', 'gopkg.in/yaml.v3'],
    ['net/http', STD_MODULE],
    ['vendor/golang.org/x/net/dns/dnsmessage', STD_MODULE],
    ['cmd/internal/telemetry', CMD_MODULE],
    ['cmd/vendor/golang.org/x/mod/module', CMD_MODULE],
    ['github.com/x/y', UNKNOWN_MODULE]
  ])('%s → %s', (pkg, mod) => {
    expect(modules.moduleOf(pkg)).toBe(mod)
  })
  it('says the version, with a replacement', () => {
    expect(modules.versionOf('golang.org/x/net')).toBe('v0.20.0')
    expect(modules.versionOf('example.com/forked')).toBe('v1.0.0 => ../forked')
    expect(modules.versionOf(STD_MODULE)).toBe('')
  })
  it('puts main in cmd for a GOROOT command without a main module', () => {
    expect(new ModuleMap(null, [], 'cmd/go').moduleOf('main')).toBe(CMD_MODULE)
    expect(new ModuleMap(null, []).moduleOf('main')).toBe(STD_MODULE)
  })

  it('looks a package up by its path prefixes, not by every module (near-linear)', () => {
    // 65,000 modules and a package in each: probes grow with path elements, not with modules.
    const count = 65_000
    const deps = Array.from({ length: count }, (_, i) => ({
      path: `example.com/org${i % 250}/mod${i}`,
      version: 'v1.0.0',
      replacedBy: ''
    }))
    const map = new ModuleMap(null, deps)
    let elements = 0
    for (let i = 0; i < count; i++) {
      const pkg = `example.com/org${i % 250}/mod${i}/internal/pkg`
      elements += pkg.split('/').length
      expect(map.moduleOf(pkg)).toBe(`example.com/org${i % 250}/mod${i}`)
    }
    expect(map.probes).toBeLessThanOrEqual(elements)
    expect(map.versionOf(`example.com/org1/mod64001`)).toBe('v1.0.0')
  })
  it('names the bucket', () => {
    expect(LINKER_BUCKET).toBe('(no package)')
  })
})

describe('parseModules', () => {
  it('reads mod, dep and => lines', () => {
    const text = [
      'path\texample.com/app',
      'mod\texample.com/app\t(devel)\t',
      'dep\tgolang.org/x/net\tv0.24.0\th1:abc=',
      'dep\texample.com/forked\tv1.0.0\t',
      '=>\t../forked\t\t',
      'dep\texample.com/other\tv1.0.0\t',
      '=>\texample.com/other2\tv1.1.0\th1:x=',
      'build\tCGO_ENABLED=0',
      'dep\t\tbroken',
      '=>\torphan'
    ].join('\n')
    expect(parseModules(text)).toEqual({
      main: { path: 'example.com/app', version: '(devel)', replacedBy: '' },
      deps: [
        // 'h1:abc=' is no go.sum hash (43 base64 characters and '='): not kept.
        { path: 'golang.org/x/net', version: 'v0.24.0', replacedBy: '' },
        {
          path: 'example.com/forked',
          version: 'v1.0.0',
          replacedBy: '../forked',
          replacement: { path: '../forked', version: '', sum: '' }
        },
        {
          path: 'example.com/other',
          version: 'v1.0.0',
          replacedBy: 'example.com/other2 v1.1.0',
          replacement: { path: 'example.com/other2', version: 'v1.1.0', sum: '' }
        }
      ]
    })
  })

  const SUM = 'h1:GckfqhfoQa/vO5//Enpu8Zo3Qxs5ROr2OYgOMz7/5S8='
  const SUM2 = 'h1:Dx1zv02UsdsagVg8JGP9CfaRr9j4IApAGUMhJrQ+NLw='
  // Lines as `go version -m` prints them for a module fetched through a proxy,
  // a module replaced by a folder and one replaced by another module version.
  it.each([
    [
      'a dep with its go.sum hash',
      [`dep\texample.com/lib\tv1.2.0\t${SUM}`],
      [{ path: 'example.com/lib', version: 'v1.2.0', replacedBy: '', sum: SUM }]
    ],
    [
      'a dep replaced by a folder: no sum on either line',
      ['dep\texample.com/orig\tv1.0.0', '=>\t../src/fork\t(devel)\t'],
      [
        {
          path: 'example.com/orig',
          version: 'v1.0.0',
          replacedBy: '../src/fork (devel)',
          replacement: { path: '../src/fork', version: '(devel)', sum: '' }
        }
      ]
    ],
    [
      'a dep replaced by a module version: the sum is on the => line',
      ['dep\texample.com/orig\tv1.0.0\t', `=>\texample.com/fork\tv1.1.0\t${SUM2}`],
      [
        {
          path: 'example.com/orig',
          version: 'v1.0.0',
          replacedBy: 'example.com/fork v1.1.0',
          replacement: { path: 'example.com/fork', version: 'v1.1.0', sum: SUM2 }
        }
      ]
    ]
  ])('%s', (_name, lines, deps) => {
    expect(parseModules(lines.join('\n')).deps).toEqual(deps)
  })
})

describe('typePackage', () => {
  it.each<[string, string | null]>([
    ['net/http.Request', 'net/http'],
    ['*[]map[string]*net/http.Cookie', 'net/http'],
    ['map[net/netip.Addr]int', 'net/netip'],
    ['chan<- os.Signal', 'os'],
    ['func(*net/http.Request) error', 'net/http'],
    ['func() (int, error)', null],
    ['struct { io.Reader; io.WriterTo }', 'io'],
    ['struct { sync.Once; crypto/x509.v *crypto/x509.Certificate }', 'crypto/x509'],
    ['struct { Bytes []uint8; BitLength int }', null],
    ['struct { Key reflect.Value; Value reflect.Value }', 'reflect'],
    ['interface { Close() error }', null],
    ['interface {}', null],
    ['[2]interface {}', null],
    ['go.shape.struct { net/netip.isV6 bool; net/netip.zoneV6 string }', 'net/netip']
  ])('%s → %s', (type, pkg) => {
    expect(typePackage(type)).toBe(pkg)
  })
})

describe('filePackage', () => {
  it.each<[string, string | null]>([
    ['runtime/asm_amd64.s', 'runtime'],
    ['internal/bytealg/index_amd64.s', 'internal/bytealg'],
    ['crypto/internal/nistec/p256_asm_amd64.s', 'crypto/internal/nistec'],
    ['golang.org/x/sys@v0.20.0/cpu/cpu_x86.s', 'golang.org/x/sys/cpu'],
    ['/usr/lib/go/src/runtime/asm_amd64.s', 'runtime'],
    ['/home/u/go/pkg/mod/github.com/!burnt!sushi/toml@v1.3.2/x.s', 'github.com/BurntSushi/toml'],
    ['<autogenerated>', null],
    ['/home/u/app/asm.s', null]
  ])('%s → %s', (file, pkg) => {
    expect(filePackage(file)).toBe(pkg)
  })
})

describe('packageOf on real go tool nm output', () => {
  let names: Set<string>
  beforeAll(async () => {
    const corpus = await sizesCorpus()
    names = new Set()
    for (const binary of ['http-plus-full', 'gofmt-full'] as const) {
      const { stdout } = await mustRun('go', ['tool', 'nm', corpus.path(binary)], {
        env: { GOTOOLCHAIN: 'local' },
        timeoutMs: 120_000
      })
      for (const line of stdout.split('\n')) {
        const m = /^\s*[0-9a-f]*\s+[A-Za-z]\s+(.+)$/.exec(line)
        if (m?.[1]) names.add(m[1])
      }
    }
  }, 1_200_000)

  // Each name is checked to be in the real output first: the table cannot drift from the toolchain.
  it.each<[string, string | null]>([
    ['type:.eq.struct { io.Reader; io.WriterTo }', 'io'],
    ['type:.eq.struct { sync.Once; crypto/x509.v *crypto/x509.Certificate }', 'crypto/x509'],
    ['type:.eq.struct { runtime.gList; runtime.n int32 }', 'runtime'],
    ['type:.eq.struct { encoding/json.ptr interface {}; encoding/json.len int }', 'encoding/json'],
    ['type:.eq.go.shape.struct { net/netip.isV6 bool; net/netip.zoneV6 string }', 'net/netip'],
    [
      'type:.eq.[16]sync/atomic.Pointer[internal/concurrent.node[*internal/abi.Type,interface {}]]',
      'sync/atomic'
    ],
    ['type:.eq.net/http.entry[string,*net/http.routingNode]', 'net/http'],
    ['type:.hash.net/http.routingIndexKey', 'net/http'],
    ['type:.hash.reflect.visit', 'reflect'],
    ['type:.eq.[2]interface {}', null],
    ['go:struct { io.Reader; io.WriterTo }.WriteTo', 'io'],
    ['go:(*struct { io.Reader; io.Closer }).Close', 'io'],
    ['go:itab.*net/http.ServeMux,net/http.Handler', 'net/http'],
    ['go:itab.*os.File,io.Writer', 'os'],
    [
      'reflect.TypeFor[go.shape.struct { time.wall uint64; time.ext int64; time.loc *time.Location }]',
      'reflect'
    ],
    [
      'internal/concurrent.(*HashTrieMap[net/netip.addrDetail,internal/weak.Pointer[net/netip.addrDetail]]).All.(*HashTrieMap[go.shape.struct { net/netip.isV6 bool; net/netip.zoneV6 string },go.shape.struct { internal/weak.u unsafe.Pointer }]).All.func1',
      'internal/concurrent'
    ],
    ['sync/atomic.AndInt32.abi0', 'sync/atomic'],
    ['vendor/golang.org/x/net/http2/hpack.(*Decoder).Write', 'vendor/golang.org/x/net/http2/hpack'],
    ['aeshashbody', null],
    ['indexbody', null],
    ['p256MulInternal', null],
    ['go:buildinfo', null]
  ])('%s → %s', (name, pkg) => {
    expect(names.has(name)).toBe(true)
    expect(packageOf(name)).toBe(pkg)
  })

  it('never makes a package of a type or a signature', () => {
    const garbled = [...names]
      .map((name) => [name, packageOf(name)])
      .filter(([, pkg]) => pkg !== null && /[\s{}();,*[\]]/.test(pkg ?? ''))
    expect(garbled).toEqual([])
  })
})
