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
    ['--listen=*:8080 a?b', ['--listen=*:8080', 'a?b']],
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
    ['make "VERSION=${GITHUB_SHA}"', '`${GITHUB_SHA}`'],
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

describe('splitWords with the build environment: $NAME and ${NAME}', () => {
  const env = {
    CC: 'musl-gcc -idirafter /tmp/k',
    CFLAGS: '-Os -static -s',
    LDFLAGS: '-static -s',
    EMPTY: '',
    HOME: '/home/runner'
  }

  test.each([
    [
      'make -C src posix CC="$CC" MYCFLAGS="$CFLAGS" MYLDFLAGS="$LDFLAGS"',
      [
        'make',
        '-C',
        'src',
        'posix',
        'CC=musl-gcc -idirafter /tmp/k',
        'MYCFLAGS=-Os -static -s',
        'MYLDFLAGS=-static -s'
      ]
    ],
    ['make "CC=${CC}"', ['make', 'CC=musl-gcc -idirafter /tmp/k']],
    ['$CC -o app app.c', ['musl-gcc', '-idirafter', '/tmp/k', '-o', 'app', 'app.c']],
    ['make CC=$CC', ['make', 'CC=musl-gcc', '-idirafter', '/tmp/k']],
    ['x${HOME}y $HOME/bin', ['x/home/runnery', '/home/runner/bin']],
    ['make $EMPTY all', ['make', 'all']],
    ['make "$EMPTY" all', ['make', '', 'all']],
    ['make \'$CC\' \\$CC "\\$CC"', ['make', '$CC', '$CC', '$CC']],
    ['make "$CC"x', ['make', 'musl-gcc -idirafter /tmp/kx']],
    ['echo $ "$"', ['echo', '$', '$']],
    ['make \'*.o\' "[a]"', ['make', '*.o', '[a]']]
  ])('%j → %j', (text, words) => {
    expect(splitWords(text, 'build-command', env)).toEqual(words)
  })

  test('a value is never globbed or run', () => {
    expect(splitWords('echo $X "$X"', 'build-command', { X: '*.c $(id) ;' })).toEqual([
      'echo',
      '*.c',
      '$(id)',
      ';',
      '*.c $(id) ;'
    ])
  })

  test.each([
    ['make CC=$(which gcc)', '`$(`'],
    ['make "CC=`which gcc`"', '`` ` ``'],
    ['make | tee log', '`|`'],
    ['make; strip lua', '`;`'],
    ['rm *.o', '`*`'],
    ['cc -o app src/?.c', '`?`'],
    ['make CC="${CC:-gcc}"', '`${CC:-gcc}`'],
    ['make "$1"', '`$1`'],
    ['make $@', '`$@`']
  ])('%j is still refused, naming %s', (text, shown) => {
    let thrown: unknown
    try {
      splitWords(text, 'build-command', env)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(UserError)
    expect((thrown as UserError).message).toContain(shown === '`` ` ``' ? '```' : shown)
    expect((thrown as UserError).message).toContain('without one')
  })

  test('an unset variable is an error naming it, not an empty word', () => {
    expect(() => splitWords('make CC="$NOPE"', 'build-command', env)).toThrow(
      /^build-command: \$NOPE is not set/
    )
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
