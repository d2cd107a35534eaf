import { UserError } from '../../src/ground/errors.js'
import { showCommand, splitList, splitWords } from '../../src/ground/words.js'

describe('splitWords', () => {
  test.each([
    ['make', ['make']],
    ['  make   -j4  all ', ['make', '-j4', 'all']],
    ['make\tall', ['make', 'all']],
    ["make 'CFLAGS=-O2 -g'", ['make', 'CFLAGS=-O2 -g']],
    ['make "CFLAGS=-O2 -g"', ['make', 'CFLAGS=-O2 -g']],
    ['make CFLAGS="-DNAME=\\"x y\\""', ['make', 'CFLAGS=-DNAME="x y"']],
    ['a\\ b c', ['a b', 'c']],
    ["''", ['']],
    ['""', ['']],
    ["'it'\\''s'", ["it's"]],
    ["'$(not run)' '&&' ';'", ['$(not run)', '&&', ';']],
    ['"a\\nb"', ['a\\nb']],
    ['"cost \\$5"', ['cost $5']],
    ['make \\\nall', ['make', 'all']],
    ['./build.sh --out=bin/app', ['./build.sh', '--out=bin/app']],
    ['echo $', ['echo', '$']],
    ['', []]
  ])('%j → %j', (text, words) => {
    expect(splitWords(text, 'build-command')).toEqual(words)
  })

  test.each([
    ['make && make install', '`&&`'],
    ['make || true', '`||`'],
    ['make | tee log', '`|`'],
    ['make; strip app', '`;`'],
    ['make > log', '`>`'],
    ['make >> log', '`>>`'],
    ['make < in', '`<`'],
    ['make &', '`&`'],
    ['make VERSION=$(git describe)', '`$(`'],
    ['make "VERSION=$(git describe)"', '`$(`'],
    ['make VERSION=`git describe`', '`` ` ``'],
    ['make VERSION=$GITHUB_SHA', '`$GITHUB_SHA`'],
    ['make "VERSION=${GITHUB_SHA}"', '`${`'],
    ['(cd src && make)', '`(`'],
    ['make\nmake install', 'a line break']
  ])('%j is rejected, naming %s', (text, shown) => {
    let thrown: unknown
    try {
      splitWords(text, 'build-command')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(UserError)
    const message = (thrown as UserError).message
    expect(message).toContain(shown === '`` ` ``' ? '```' : shown)
    expect(message).toContain('without one')
    expect(message).toContain('script')
  })

  test.each([
    ["make 'oops", 'single quote'],
    ['make "oops', 'double quote'],
    ['make \\', 'backslash']
  ])('%j is an unfinished word', (text, what) => {
    expect(() => splitWords(text, 'cflags')).toThrow(what)
    expect(() => splitWords(text, 'cflags')).toThrow(/^cflags: /)
  })
})

describe('splitList', () => {
  test.each([
    ['*.c', ['*.c']],
    ['a.c, b.c', ['a.c', 'b.c']],
    ['a.c\nsrc/**/*.c\n\n', ['a.c', 'src/**/*.c']],
    [
      ['netgo', 'timetzdata,foo'],
      ['netgo', 'timetzdata', 'foo']
    ],
    ['', []]
  ])('%j → %j', (input, list) => {
    expect(splitList(input)).toEqual(list)
  })
})

describe('showCommand', () => {
  test.each([
    [['go', 'build', '-o', '/tmp/out', '.'], 'go build -o /tmp/out .'],
    [['go', '-ldflags', '-s -w'], "go -ldflags '-s -w'"],
    [['echo', "it's"], "echo 'it'\\''s'"]
  ])('%j → %s', (argv, shown) => {
    expect(showCommand(argv)).toBe(shown)
  })
})
