/** File-scope declarations → globals, structs (field → type) and typedefs; initialisers → address-taken. */
import type { Node } from 'web-tree-sitter';
import type { GlobalFact, StructFact, TypedefFact } from '../facts';
import type { ExtractContext } from './context';
import { baseType, declaredName, isPrototype, storageClasses, typeText } from './declarators';
import { ExpressionFlattener, unwrap } from './expressions';
import { typeOf } from './nodes';
import { collapse } from './normalise';

/** Collected file-scope declarations. */
export interface DeclarationFacts {
  globals: GlobalFact[];
  structs: StructFact[];
  typedefs: TypedefFact[];
}

/** Records the struct/union definitions inside a type specifier (recursively for nested ones). */
export function collectStruct(type: Node | null, out: DeclarationFacts, text: string, nameIfAnonymous = ''): void {
  if (!type || (typeOf(type) !== 'struct_specifier' && typeOf(type) !== 'union_specifier')) return;
  const body = type.childForFieldName('body');
  if (!body) return;
  const name = type.childForFieldName('name')?.text ?? nameIfAnonymous;
  const fields: Record<string, string> = {};
  for (const field of body.namedChildren) {
    if (!field || typeOf(field) !== 'field_declaration') continue;
    const fieldType = field.childForFieldName('type');
    collectStruct(fieldType, out, text);
    const base = baseType(field, text, fieldType);
    for (const d of field.childrenForFieldName('declarator')) {
      const { name: fieldName, suffix } = declaredName(d);
      if (fieldName) fields[fieldName] = typeText(base, suffix);
    }
  }
  if (name) out.structs.push({ name, line: type.startPosition.row + 1, fields });
}

/**
 * `EXTERN char **f_names;` with `#define EXTERN extern` in another header (bc, and old code like
 * vim): tree-sitter reads the macro as the type and the real type as an ERROR before the
 * declarator. The real type, when the declaration has exactly that shape: an all-capitals type
 * name, qualifiers, one ERROR of plain type words, then declarators that parse cleanly.
 */
function typeAfterStorageMacro(node: Node, typeNode: Node | null, text: string): string | undefined {
  if (!typeNode || typeOf(typeNode) !== 'type_identifier' || !/^[A-Z][A-Z0-9_]*$/.test(typeNode.text)) return undefined;
  const qualifiers: string[] = [];
  let error: Node | undefined;
  for (const child of node.namedChildren) {
    if (!child || child.id === typeNode.id) continue;
    const kind = typeOf(child);
    if (kind === 'type_qualifier' && !error) qualifiers.push(child.text);
    else if (kind === 'ERROR' && !error) error = child;
    else if (kind === 'ERROR' || child.hasError) return undefined;
  }
  if (!error || error.namedChildren.length === 0) return undefined;
  if (!error.namedChildren.every((c) => c !== null && (typeOf(c) === 'identifier' || typeOf(c) === 'primitive_type'))) return undefined;
  if (node.childrenForFieldName('declarator').length === 0) return undefined;
  return collapse([...qualifiers, text.slice(error.startIndex, error.endIndex)].join(' '));
}

/** A file-scope `declaration`: globals (not prototypes), structs in its type, initialiser address-taken. */
export function fileDeclaration(ctx: ExtractContext, node: Node, out: DeclarationFacts): void {
  const typeNode = node.childForFieldName('type');
  collectStruct(typeNode, out, ctx.text);
  // Storage classes and base type only for a declaration that declares a variable (most are prototypes).
  let classes: Set<string> | undefined;
  let base: string | undefined;
  if (node.hasError) {
    // A header wrecked by an unknown macro: the body fallback handles it, unless it is a storage macro.
    base = typeAfterStorageMacro(node, typeNode, ctx.text);
    if (base === undefined) return;
    // The macro is `extern` where the header is included and empty in the one file that defines the variables.
    classes = new Set(['extern']);
  }
  for (const d of node.childrenForFieldName('declarator')) {
    if (!d) continue;
    const inner = typeOf(d) === 'init_declarator' ? d.childForFieldName('declarator') : d;
    if (inner && isPrototype(inner)) continue;
    const { name, suffix } = declaredName(d);
    if (!name) continue;
    classes ??= storageClasses(node);
    base ??= baseType(node, ctx.text, typeNode);
    ctx.globalNames.add(name);
    const global: GlobalFact = { name, line: d.startPosition.row + 1, static: classes.has('static'), type: typeText(base, suffix), extern: classes.has('extern') };
    out.globals.push(global);
    const value = typeOf(d) === 'init_declarator' ? d.childForFieldName('value') : null;
    if (!value) continue;
    // A short scalar initialiser lets analysis read `if (debug)` on a never-written global as a constant.
    if (!/[*[]/.test(global.type) && typeOf(value) !== 'initializer_list' && value.endIndex - value.startIndex <= 64) global.init = collapse(ctx.text.slice(value.startIndex, value.endIndex));
    const expr = new ExpressionFlattener(ctx, { name: '', params: new Set(), locals: new Set() });
    const v = unwrap(value);
    if (typeOf(v) === 'initializer_list') expr.initializer(v, []);
    else expr.noteAddress(v, 'assignment', '', '', -1);
  }
}

/** A `typedef`: the names it introduces, and a struct it defines. */
export function typeDefinition(node: Node, out: DeclarationFacts, text: string): void {
  const base = baseType(node, text);
  const declarators = node.childrenForFieldName('declarator');
  const firstName = declaredName(declarators[0] ?? null).name;
  collectStruct(node.childForFieldName('type'), out, text, firstName);
  for (const d of declarators) {
    const { name, suffix } = declaredName(d);
    if (!name) continue;
    const anonymous = base.endsWith('{…}');
    out.typedefs.push({ name, type: typeText(anonymous ? base.replace('{…}', firstName) : base, suffix) });
  }
}
