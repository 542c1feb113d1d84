/**
 * Function definitions → FunctionFact: name, lines, static/inline, parameters and their
 * types, locals and the body IR. Handles the declarator shapes C allows (pointer returns,
 * functions returning function pointers, K&R parameter declarations) and, when an unknown
 * macro wrecked the header (`static int MY_ATTR foo(void)`, `SYSCALL_DEFINE3(open, …)`),
 * reads the header back from the text just before the body.
 */
import type { Node } from 'web-tree-sitter';
import type { FunctionFact } from '../facts';
import type { ExtractContext } from './context';
import { baseType, declaredName, storageClasses, typeText } from './declarators';
import { ExpressionFlattener } from './expressions';
import type { BranchScope } from './preprocessor';
import { BodyBuilder } from './statements';
import { collapse } from './normalise';
import { lineStartsOf, rowAt } from './text-scan';
import { endOf, firstNamed, typeOf } from './nodes';
import { fastParameter } from './fast-path';

/** The header of a definition: name, linkage and parameters. */
interface Header {
  name: string;
  line: number;
  static: boolean;
  inline: boolean;
  params: string[];
  paramTypes: Record<string, string>;
  /** The macro around the name in `M(NAME)(params)`. */
  wrapper?: string;
  /** All-caps words before the name (see FunctionFact.prefixMacros). */
  prefixMacros?: string[];
}

/** Finds the function_declarator that names the function (innermost with an identifier). */
function namingDeclarator(node: Node | null): Node | null {
  let n = node;
  while (n) {
    if (typeOf(n) === 'function_declarator') {
      const inner = n.childForFieldName('declarator');
      if ((inner ? typeOf(inner) : undefined) === 'identifier') return n;
      const deeper = namingDeclarator(inner);
      if (deeper) return deeper;
      return null;
    }
    if (typeOf(n) === 'pointer_declarator' || typeOf(n) === 'attributed_declarator') n = n.childForFieldName('declarator') ?? n.namedChildren[0] ?? null;
    else if (typeOf(n) === 'parenthesized_declarator') n = firstNamed(n) ?? null;
    else return null;
  }
  return null;
}

/** Parameters of a parameter_list: names in order, and name → type text. */
function readParams(list: Node | null, knr: Node[], text: string): { params: string[]; paramTypes: Record<string, string> } {
  const params: string[] = [];
  const paramTypes: Record<string, string> = {};
  if (!list) return { params, paramTypes };
  for (const p of list.namedChildren) {
    if (!p || typeOf(p) === 'comment') continue;
    if (typeOf(p) === 'identifier') {
      params.push(p.text); // K&R: types come from the declarations after the list
      continue;
    }
    if (typeOf(p) === 'variadic_parameter') {
      params.push('');
      continue;
    }
    if (typeOf(p) !== 'parameter_declaration') continue;
    const plain = fastParameter(text.slice(p.startIndex, endOf(p)));
    if (plain) {
      params.push(plain.name);
      paramTypes[plain.name] = plain.type;
      continue;
    }
    const declarator = p.childForFieldName('declarator');
    const base = baseType(p, text);
    if (!declarator && base === 'void' && list.namedChildren.filter((c) => (c ? typeOf(c) : undefined) === 'parameter_declaration').length === 1) break;
    const { name, suffix } = declaredName(declarator);
    params.push(name);
    if (name) paramTypes[name] = typeText(base, suffix);
  }
  for (const decl of knr) {
    const base = baseType(decl, text);
    for (const d of decl.childrenForFieldName('declarator')) {
      const { name, suffix } = declaredName(d);
      if (name) paramTypes[name] = typeText(base, suffix);
    }
  }
  return { params, paramTypes };
}

/**
 * True when the naming declarator holds an ERROR: `LUA_API lua_CFunction lua_atpanic (…)`, where
 * the unknown macro makes tree-sitter take the return type for the name and park the real name
 * in an ERROR before the parameters. The text before the body knows better.
 */
function doubtfulName(declarator: Node): boolean {
  // No error anywhere below means no ERROR child: one crossing instead of every child and its type.
  return declarator.hasError && declarator.children.some((c) => c?.type === 'ERROR');
}

/**
 * `int BZ_API(BZ2_bzCompressInit) (bz_stream *strm, …)`: an export macro wrapped around the
 * name (bzip2's BZ_API, Windows-style `WINAPI(f)` macros). C has no function returning a
 * function, so `M(NAME)(params)` can only be that: the name is NAME, the parameters the
 * outer list's.
 */
function macroWrappedName(declarator: Node): { name: string; outer: Node } | undefined {
  const outer = declarator.parent;
  if (!outer || typeOf(outer) !== 'function_declarator' || outer.childForFieldName('declarator')?.startIndex !== declarator.startIndex) return undefined;
  const wrapped = declarator.childForFieldName('parameters')?.namedChildren ?? [];
  const name = wrapped.length === 1 ? wrapped[0]?.text.trim() : undefined;
  return name !== undefined && /^[A-Za-z_]\w*$/.test(name) ? { name, outer } : undefined;
}

/** Header of a well-formed function_definition and its naming declarator, or undefined when the shape is wrecked. */
function headerFromTree(node: Node, text: string): { header: Header; declarator: Node } | undefined {
  const top = node.childForFieldName('declarator');
  const declarator = namingDeclarator(top);
  if (!declarator) return undefined;
  if (node.childForFieldName('type')?.type === 'ERROR') return undefined;
  const nameNode = declarator.childForFieldName('declarator');
  if (!nameNode) return undefined;
  const knr = node.namedChildren.filter((c): c is Node => c !== null && typeOf(c) === 'declaration');
  const classes = storageClasses(node);
  // The declarator right under the definition has the definition as parent: no export macro around it.
  const wrapped = declarator === top ? undefined : macroWrappedName(declarator);
  const { params, paramTypes } = readParams((wrapped?.outer ?? declarator).childForFieldName('parameters'), knr, text);
  const header: Header = {
    name: wrapped?.name ?? nameNode.text,
    line: node.startPosition.row + 1,
    static: classes.has('static'),
    inline: classes.has('inline') || classes.has('__inline') || classes.has('__inline__'),
    params,
    paramTypes,
  };
  if (wrapped) header.wrapper = nameNode.text;
  return { header, declarator };
}

const KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'do', 'else', 'case', 'typeof', '__typeof__', 'defined']);

/** Type keywords: never the name a definition macro's first argument gives. */
const TYPE_KEYWORDS = new Set(['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', 'const', 'struct', 'union', 'enum', '_Bool']);

/** The text before a header macro holds nothing but storage classes. */
const STORAGE_ONLY = /^\s*(?:(?:static|extern|inline|__inline|__inline__)\s+)*$/;

/** The last word of a macro argument, after any type or calling-convention words (`PNGAPI png_error`). */
const LAST_WORD = /(?:^|[\s*])([A-Za-z_]\w*)$/;

/** True for a whole argument in one pair of parentheses: `(a, b)`, not `(a) + (b)`. */
function isParenthesised(s: string): boolean {
  if (!s.startsWith('(') || !s.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < s.length - 1; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return false;
  }
  return true;
}

/** An argument without the one pair of parentheses around it, if any. */
function unparenthesised(s: string): string {
  return isParenthesised(s) ? s.slice(1, -1).trim() : s;
}

/** The code of a header prefix: comments dropped, and the tail of one that began before the prefix. */
function codeOf(prefix: string): string {
  const text = blankComments(prefix);
  const close = text.lastIndexOf('*/');
  return close < 0 ? text : text.slice(close + 2);
}

/** Comments blanked to spaces (a header macro's arguments may hold `/* PRIVATE *\/`). */
function blankComments(s: string): string {
  return s.includes('/') ? s.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => ' '.repeat(c.length)) : s;
}

/** Splits a parameter text at top-level commas. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => collapse(p)).filter((p) => p !== '');
}

/** The declared name and type of one parameter written as text (`const char *name`, `int (*fn)(int)`). */
function paramFromText(p: string): { name: string; type: string } {
  const fnPtr = /\(\s*\*\s*([A-Za-z_]\w*)\s*\)/.exec(p);
  if (fnPtr) return { name: fnPtr[1], type: collapse(p.replace(fnPtr[1], '')) };
  const m = /([A-Za-z_]\w*)\s*(\[[^\]]*\]\s*)*$/.exec(p);
  if (!m || m.index === 0) return { name: '', type: p };
  const type = p.slice(0, m.index).trim();
  return { name: m[1], type: collapse(type.replace(/\s*\*/g, ' *')) };
}

/**
 * Reads a header back from the text before a body's `{`: `… name(params)`.
 * `SYSCALL_DEFINEn(open, T, a, …)` → `sys_open`, `COMPAT_SYSCALL_DEFINEn` → `compat_sys_…`;
 * another all-caps macro wrapping a definition (`BPF_CALL_2(fn, …)`) is named by its first argument.
 */
export function headerFromText(text: string, bodyStart: number, lineStarts: number[] = lineStartsOf(text)): Header | undefined {
  const lineAt = (offset: number): number => rowAt(lineStarts, offset) + 1;
  let i = bodyStart - 1;
  const skipSpace = (): void => {
    for (;;) {
      while (i >= 0 && /\s/.test(text[i])) i--;
      if (i > 0 && text[i] === '/' && text[i - 1] === '*') {
        const open = text.lastIndexOf('/*', i - 2);
        if (open < 0) return;
        i = open - 1;
      } else return;
    }
  };
  skipSpace();
  // K&R: `name(a, b) int a; char *b; {` — step back over the parameter declarations.
  let knrTypes: Record<string, string> | undefined;
  if (text[i] === ';') {
    const knr = knrDeclarationsBefore(text, i);
    if (!knr) return undefined;
    knrTypes = knr.types;
    i = knr.close;
  }
  if (text[i] !== ')') return undefined;
  const close = i;
  let depth = 0;
  for (; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) break;
    else if (text[i] === ';' || text[i] === '}' || text[i] === '{') return undefined;
  }
  if (i < 0) return undefined;
  const open = i;
  i--;
  skipSpace();
  // `int PREFIX(scanLt)(const ENCODING *enc, …)`: the name is written inside a macro call.
  let wrapped: string | undefined;
  if (text[i] === ')') {
    const inner = /^\(\s*([A-Za-z_]\w*)\s*\)$/.exec(text.slice(text.lastIndexOf('(', i), i + 1));
    const before = inner ? text.lastIndexOf('(', i) - 1 : -1;
    if (inner && before >= 0) {
      wrapped = inner[1];
      i = before;
      skipSpace();
    }
  }
  const nameEnd = i + 1;
  while (i >= 0 && /\w/.test(text[i])) i--;
  const macroName = text.slice(i + 1, nameEnd);
  if (!/^[A-Za-z_]\w*$/.test(macroName) || KEYWORDS.has(macroName)) return undefined;
  const prefixStart = prefixStartBefore(text, i + 1);
  const prefix = text.slice(prefixStart, i + 1);
  const code = codeOf(prefix);
  const firstCode = prefixStart + (prefix.length - code.length) + (code.length - code.trimStart().length);
  const params = splitTopLevel(blankComments(text.slice(open + 1, close)));
  let name = wrapped ?? macroName;
  let paramTexts = params;
  const syscall = wrapped === undefined ? /^(COMPAT_)?SYSCALL_DEFINE\d$/.exec(macroName) : null;
  // Only storage classes may stand before a macro that writes the whole header (`static PNG_FUNCTION(…)`).
  const bareMacro = wrapped === undefined && /^[A-Z][A-Z0-9_]*$/.test(macroName) && STORAGE_ONLY.test(codeOf(prefix));
  // `PNG_FUNCTION(type, name, (params), attributes)`: the name is the argument before the
  // one argument that is itself a parameter list, or that argument's last word when a
  // calling-convention macro comes first (`PNG_FUNCTION(void, PNGAPI png_error, (…), …)`).
  // The name argument may itself be parenthesised: `PNG_FUNCTION(void, (PNGCBAPI png_safe_error), (…), …)`.
  const lists = bareMacro ? params.flatMap((p, k) => (k > 0 && isParenthesised(p) && LAST_WORD.test(unparenthesised(params[k - 1] ?? '')) ? [k] : [])) : [];
  // Several candidates (`(type), (name), (params)`): the parameter list comes last.
  const listAt = lists.length > 0 ? (lists[lists.length - 1] ?? -1) : -1;
  if (listAt > 0) {
    name = LAST_WORD.exec(unparenthesised(params[listAt - 1] ?? ''))?.[1] ?? name;
    paramTexts = splitTopLevel(params[listAt].slice(1, -1));
  }
  const wrapper = listAt < 0 && bareMacro && /^[A-Za-z_]\w*$/.test(params[0] ?? '') && !TYPE_KEYWORDS.has(params[0] ?? '');
  if (syscall || wrapper) {
    name = syscall ? `${syscall[1] ? 'compat_sys_' : 'sys_'}${params[0]}` : params[0];
    paramTexts = params.slice(1);
    // `TYPE, name, TYPE, name` pairs, as SYSCALL_DEFINEn and BPF_CALL_n write them; a helper
    // macro standing for a parameter (`compat_arg_u64_dual(length)`) names it by its argument.
    const pairs = readPairs(paramTexts);
    if (pairs) return { name, line: lineAt(firstCode), static: /\bstatic\b/.test(prefix), inline: false, ...pairs };
  }
  const paramList: string[] = [];
  const paramTypes: Record<string, string> = {};
  if (!(paramTexts.length === 1 && paramTexts[0] === 'void')) {
    for (const p of paramTexts) {
      if (p === '...') {
        paramList.push('');
        continue;
      }
      if (knrTypes && /^[A-Za-z_]\w*$/.test(p)) {
        paramList.push(p);
        const type = knrTypes[p];
        if (type !== undefined) paramTypes[p] = type;
        continue;
      }
      const { name: pn, type } = paramFromText(p);
      paramList.push(pn);
      if (pn) paramTypes[pn] = type;
    }
  }
  return {
    name,
    line: lineAt(firstCode),
    static: /\bstatic\b/.test(prefix),
    inline: /\b(inline|__inline|__inline__|__always_inline)\b/.test(prefix),
    params: paramList,
    paramTypes,
    ...(wrapped !== undefined ? { wrapper: macroName } : {}),
  };
}

/** How far back a K&R parameter declaration list is looked for. */
const MAX_KNR_TEXT = 4000;

/** One K&R parameter declaration: `int a, *b[4]` (no initialisers, no function pointers). */
const KNR_DECLARATION = /^\s*[A-Za-z_][\w\s*,[\]]*$/;

/**
 * The K&R parameter declarations ending at `semicolon` (the last `;` before a body): the `)`
 * closing the parameter list before them, and each declared name's type. Undefined when the
 * text between is not only declarations. Comments are blanked first (they may hold `)`).
 */
function knrDeclarationsBefore(text: string, semicolon: number): { close: number; types: Record<string, string> } | undefined {
  const from = Math.max(0, semicolon - MAX_KNR_TEXT);
  const window = text.slice(from, semicolon + 1).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
  const close = window.lastIndexOf(')');
  if (close < 0) return undefined;
  const decls = window.slice(close + 1).split(';').slice(0, -1);
  if (decls.length === 0 || !decls.every((d) => KNR_DECLARATION.test(d))) return undefined;
  const types: Record<string, string> = {};
  for (const decl of decls) {
    const [first = '', ...rest] = splitTopLevel(decl).map((d) => d.trim());
    const head = paramFromText(first);
    if (!head.name) return undefined;
    types[head.name] = head.type;
    // `int a, *b`: later declarators share the base type written before the first name.
    const base = first.slice(0, first.search(new RegExp(`[\\s*]*\\b${head.name}\\b`))).trim();
    for (const d of rest) {
      const more = paramFromText(`${base} ${d}`);
      if (more.name) types[more.name] = more.type;
    }
  }
  return { close: from + close, types };
}

/**
 * Start of the declaration words before a header's name: back over whole lines until the end
 * of the previous declaration (`;`, `{`, `}`) or a preprocessor directive line.
 */
function prefixStartBefore(text: string, nameStart: number): number {
  let lineStart = text.lastIndexOf('\n', nameStart - 1) + 1;
  let start = nameStart;
  for (;;) {
    const line = text.slice(lineStart, start);
    const stop = Math.max(line.lastIndexOf(';'), line.lastIndexOf('{'), line.lastIndexOf('}'));
    if (stop >= 0) return lineStart + stop + 1;
    if (/^\s*#/.test(line)) return start;
    start = lineStart;
    if (lineStart === 0) return 0;
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const prev = text.slice(prevStart, lineStart - 1);
    if (/^\s*#/.test(prev) || /\\\s*$/.test(prev)) return lineStart;
    // The last line of a continued directive (`#if a ||\` then `   b`) ends it too.
    if (prevStart > 0 && /\\\s*$/.test(text.slice(text.lastIndexOf('\n', prevStart - 2) + 1, prevStart - 1))) return lineStart;
    lineStart = prevStart;
  }
}

/** Reads `TYPE, name` pairs; undefined when the list is not written that way. */
function readPairs(rest: string[]): { params: string[]; paramTypes: Record<string, string> } | undefined {
  const params: string[] = [];
  const paramTypes: Record<string, string> = {};
  let i = 0;
  while (i < rest.length) {
    const helper = /^[A-Za-z_]\w*\(\s*([A-Za-z_]\w*)\s*\)$/.exec(rest[i]);
    if (helper) {
      params.push(helper[1]);
      i++;
    } else if (i + 1 < rest.length && /^[A-Za-z_]\w*$/.test(rest[i + 1])) {
      params.push(rest[i + 1]);
      paramTypes[rest[i + 1]] = collapse(rest[i].replace(/\s*\*/g, ' *'));
      i += 2;
    } else {
      return undefined;
    }
  }
  return params.length > 0 ? { params, paramTypes } : undefined;
}

/** The file's line starts, computed once per file and shared with the expression flattener. */
function fileLineStarts(ctx: ExtractContext): number[] {
  ctx.place.lineStarts ??= lineStartsOf(ctx.text);
  return ctx.place.lineStarts;
}

/** Where a body really ends when tree-sitter's recovery ran it past its closing brace. */
export interface BodyEnd {
  offset: number;
  line: number;
}

/**
 * Storage macros before a header's name, from the text between `from` and the name: one the
 * file defines as `static …` makes the function static; other all-caps words are kept for the
 * call graph, which knows every file's static macros.
 */
function applyStorageMacros(ctx: ExtractContext, header: Header, from: number, bodyStart: number): void {
  if (header.static) return;
  const at = ctx.text.indexOf(header.name, from);
  if (at < 0 || at >= bodyStart) return;
  let words: string[] | undefined;
  for (const m of ctx.text.slice(from, at).matchAll(/[A-Za-z_]\w*/g)) {
    const word = m[0];
    if (ctx.staticMacros.has(word)) {
      header.static = true;
      header.prefixMacros = undefined;
      return;
    }
    if (/^[A-Z_][A-Z0-9_]*$/.test(word) && word.length > 1) (words ??= []).push(word);
  }
  if (words) header.prefixMacros = words;
}

/** Builds a FunctionFact from a header and a body node. */
export function buildFunction(ctx: ExtractContext, header: Header, body: Node, scope: BranchScope, end?: BodyEnd): FunctionFact {
  const expr = new ExpressionFlattener(ctx, { name: header.name, params: new Set(header.params.filter((p) => p !== '')), locals: new Set() });
  const builder = new BodyBuilder(ctx, expr, end?.offset);
  const stmts = builder.block(body);
  return {
    name: header.name,
    line: header.line,
    endLine: end ? end.line : body.endPosition.row + 1,
    static: header.static,
    inline: header.inline,
    params: header.params,
    paramTypes: header.paramTypes,
    locals: builder.locals,
    guards: scope.guards,
    active: scope.active,
    body: stmts,
    ...(header.wrapper !== undefined ? { wrapper: header.wrapper } : {}),
    ...(header.prefixMacros !== undefined ? { prefixMacros: header.prefixMacros } : {}),
  };
}

/** A function_definition node → FunctionFact (undefined when no name can be found). */
export function functionFromDefinition(ctx: ExtractContext, node: Node, body: Node, scope: BranchScope, end?: BodyEnd): FunctionFact | undefined {
  const fromTree = headerFromTree(node, ctx.text);
  let header = fromTree?.header;
  if (!fromTree || doubtfulName(fromTree.declarator)) header = headerFromText(ctx.text, body.startIndex, fileLineStarts(ctx)) ?? header;
  if (!header) return undefined;
  // A parse error inside a header that still gave name and parameters (an unknown annotation
  // macro) does not make the facts incomplete: no warning for it.
  ctx.recoveredHeaders.push({ from: header.line, to: body.startPosition.row + 1 });
  applyStorageMacros(ctx, header, node.startIndex, body.startIndex);
  return buildFunction(ctx, header, body, scope, end);
}

/** A compound statement at file scope: the body of a definition whose header did not parse. */
export function functionFromOrphanBody(ctx: ExtractContext, body: Node, scope: BranchScope, end?: BodyEnd): FunctionFact | undefined {
  const header = headerFromText(ctx.text, body.startIndex, fileLineStarts(ctx));
  if (!header) return undefined;
  ctx.recoveredHeaders.push({ from: header.line, to: body.startPosition.row + 1 });
  applyStorageMacros(ctx, header, fileLineStarts(ctx)[header.line - 1] ?? body.startIndex, body.startIndex);
  return buildFunction(ctx, header, body, scope, end);
}
