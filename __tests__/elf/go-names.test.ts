import { describe, expect, it } from '@jest/globals'
import {
  LINKER_BUCKET,
  ModuleMap,
  STD_MODULE,
  UNKNOWN_MODULE,
  packageOf,
  parseModules,
  unescapePath,
  withoutInstantiation
} from '../../src/elf/go-names.js'

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
    ['go:buildid', null],
    ['go:string.*', null],
    ['type:*net/http.Request', null],
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
    ['cmd/internal/telemetry', STD_MODULE],
    ['github.com/x/y', UNKNOWN_MODULE]
  ])('%s → %s', (pkg, mod) => {
    expect(modules.moduleOf(pkg)).toBe(mod)
  })
  it('says the version, with a replacement', () => {
    expect(modules.versionOf('golang.org/x/net')).toBe('v0.20.0')
    expect(modules.versionOf('example.com/forked')).toBe('v1.0.0 => ../forked')
    expect(modules.versionOf(STD_MODULE)).toBe('')
  })
  it('puts main in std for a GOROOT command without a main module', () => {
    expect(new ModuleMap(null, []).moduleOf('main')).toBe(STD_MODULE)
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
