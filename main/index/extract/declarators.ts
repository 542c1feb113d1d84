/** Reading C declarators: the declared name and the type text (`struct ht *`, `int []`). */
import type { Node } from 'web-tree-sitter';
import { collapse } from './normalise';
import { endOf, typeOf } from './nodes';

/** Name and type suffix (`*`, `[]`, `(*)()`) of a declarator. */
export interface DeclaredName {
  name: string;
  /** Pointer stars and array/function marks to append to the base type. */
  suffix: string;
}

/** Walks a declarator down to its identifier, collecting pointer/array/function marks. */
export function declaredName(declarator: Node | null): DeclaredName {
  let stars = '';
  let tail = '';
  // `(*name)(args)`: marks inside the parentheses bind tighter than those outside.
  let outerStars = '';
  let groupTail = '';
  let grouped = false;
  const suffix = (): string => (grouped ? `${outerStars}(${stars}${tail})${groupTail}` : stars + tail);
  let n: Node | null = declarator;
  while (n) {
    switch (typeOf(n)) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
      case 'primitive_type':
        return { name: n.text, suffix: suffix() };
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
        stars += '*';
        n = n.childForFieldName('declarator');
        break;
      case 'array_declarator':
      case 'abstract_array_declarator':
        tail = '[]' + tail;
        n = n.childForFieldName('declarator');
        break;
      case 'function_declarator':
      case 'abstract_function_declarator':
        tail = '()' + tail;
        n = n.childForFieldName('declarator');
        break;
      case 'init_declarator':
        n = n.childForFieldName('declarator');
        break;
      case 'parenthesized_declarator':
      case 'attributed_declarator':
      case 'abstract_parenthesized_declarator':
        if (!grouped && (tail || stars)) {
          grouped = true;
          outerStars = stars;
          groupTail = tail;
          stars = '';
          tail = '';
        }
        n = n.namedChildren.find((c) => c !== null && typeOf(c) !== 'comment' && typeOf(c) !== 'attribute_specifier') ?? null;
        break;
      default:
        return { name: '', suffix: suffix() };
    }
  }
  return { name: '', suffix: suffix() };
}

/** True for a function prototype's declarator (`int f(void)`), false for a function pointer (`int (*f)(void)`). */
export function isPrototype(declarator: Node): boolean {
  let d: Node | null = declarator;
  while (d && typeOf(d) === 'pointer_declarator') d = d.childForFieldName('declarator');
  if (!d || typeOf(d) !== 'function_declarator') return false;
  const inner = d.childForFieldName('declarator');
  return inner !== null && typeOf(inner) === 'identifier';
}

/**
 * `name(…);` in a body that the parser took for a declaration: a bare type name followed
 * directly by one parenthesised declarator (`__fput(container_of(work, struct file, f))`).
 * C allows `T (x);`, but no one writes a local that way; a call with a type among its
 * macro arguments is what it is.
 */
export function isCallLikeDeclaration(node: Node, text: string): boolean {
  const type = node.childForFieldName('type');
  if (!type || typeOf(type) !== 'type_identifier' || type.startIndex !== node.startIndex) return false;
  const declarators = node.childrenForFieldName('declarator');
  const only = declarators.length === 1 ? declarators[0] : undefined;
  return only !== undefined && only !== null && typeOf(only) === 'parenthesized_declarator' && text.slice(type.endIndex, only.startIndex).trim() === '';
}

/** `base` plus a declarator suffix: `struct ht` + `*` → `struct ht *`. */
export function typeText(base: string, suffix: string): string {
  return suffix ? `${base} ${suffix}` : base;
}

/** The base type text of a declaration-like node (its `type` field, normalised; pass the field when it is at hand). */
export function baseType(node: Node, text: string, type: Node | null = node.childForFieldName('type')): string {
  if (!type) return '';
  // Qualifiers written before the type (`const char`) are siblings of it, not part of it.
  const before = type.startIndex > node.startIndex ? text.slice(node.startIndex, type.startIndex) : '';
  const qualifiers = before.match(/\b(?:const|volatile)\b/g)?.join(' ') ?? '';
  const base = baseTypeOf(type, text);
  return qualifiers ? `${qualifiers} ${base}` : base;
}

/** Type text of a type specifier node; a struct/union/enum with a body reads as its tag. */
function baseTypeOf(type: Node, text: string): string {
  if ((typeOf(type) === 'struct_specifier' || typeOf(type) === 'union_specifier' || typeOf(type) === 'enum_specifier') && type.childForFieldName('body')) {
    const name = type.childForFieldName('name');
    const keyword = typeOf(type).replace('_specifier', '');
    return name ? `${keyword} ${name.text}` : `${keyword} {…}`;
  }
  return collapse(text.slice(type.startIndex, endOf(type)));
}

/** Storage-class words (`static`, `extern`, `inline`) on a declaration or definition. */
export function storageClasses(node: Node): Set<string> {
  const words = new Set<string>();
  for (const child of node.namedChildren) {
    if (child && typeOf(child) === 'storage_class_specifier') words.add(child.text);
  }
  return words;
}
