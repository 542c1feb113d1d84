import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPreprocessorOnly } from '../../../main/index/preprocessor-only';
import { extractFacts, NO_DEFINES } from '../../../main/index/extract/index';
import { loadCParser } from '../../../main/index/parser';

const registerHeader = [
  '/*',
  ' * Copyright (C) 2017  Advanced Micro Devices, Inc.',
  ' */',
  '#ifndef _nbio_6_1_SH_MASK_HEADER',
  '#define _nbio_6_1_SH_MASK_HEADER',
  '',
  '// addressBlock: nbio_pcie_pciedir',
  '#define PCIE_INDEX__PCIE_INDEX__SHIFT                     0x0',
  '#define PCIE_INDEX__PCIE_INDEX_MASK                       0xFFFFFFFFL /* all bits */',
  '#define LONG_ONE \\',
  '        (1 << 3)',
  '#  if defined(CONFIG_X) && X > 2',
  '#include <linux/types.h>',
  '#  elif 1',
  '#undef LONG_ONE',
  '#  else',
  '#pragma once',
  '#  endif',
  '#endif',
  '',
].join('\r\n');

test('a header of only object-like defines, includes and balanced conditionals is preprocessor-only', () => {
  assert.equal(isPreprocessorOnly(registerHeader), true);
  assert.equal(isPreprocessorOnly(''), true);
  assert.equal(isPreprocessorOnly('/* just a comment */\n'), true);
  // Not renames: a number, an expression, the name itself, a value on the next line.
  assert.equal(isPreprocessorOnly('#define A 0x10\n#define B C + 1\n#define same same\n#define D \\\n  E\n#define EMPTY\n'), true);
});

test('anything that could give facts, or that the scan cannot be sure of, is not', () => {
  const cases: Record<string, string> = {
    'function-like define': '#define FREE(p) kfree(p)\n',
    'code': '#define N 4\nint table[N];\n',
    'a declaration after a comment': '/* x */ static int x;\n',
    'unterminated comment': '#define A 1\n/* open\n',
    'comment running past a directive line': '#define A 1 /* starts here\n   ends here */\n',
    'line comment continued by a backslash': '// note \\\nint x;\n',
    'unbalanced #endif': '#define A 1\n#endif\n',
    'unclosed #if': '#ifdef A\n#define B 2\n',
    '#error': '#error no\n',
    'a null directive': '#\n',
    'a rename (an alias fact)': '#ifndef H\n# define msnprintf curl_msnprintf\n#endif\n',
    'a rename followed by a comment': '#define aprintf curl_maprintf /* printf */\n',
  };
  for (const [what, text] of Object.entries(cases)) assert.equal(isPreprocessorOnly(text), false, what);
});

test('what the scan skips would have given empty facts', async () => {
  const parser = await loadCParser();
  const facts = extractFacts(parser, registerHeader, 'r.h', 'h', NO_DEFINES);
  assert.deepEqual(facts, { file: 'r.h', hash: 'h', functions: [], macros: [], addressTaken: [], globals: [], structs: [], typedefs: [], warnings: [] });
});
