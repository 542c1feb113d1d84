/**
 * Template includes: a file that defines token-pasting macros and then includes a source
 * file compiles that file's definitions under those macros (expat's xmltok.c defines
 * `PREFIX(ident)` as `normal_##ident`, includes xmltok_impl.c, redefines it as
 * `little2_##ident`, includes it again…). The extractor records, at each quoted include,
 * the single-parameter pasting macros this file has defined so far; the call graph names
 * the included file's `PREFIX(scanLt)` functions from them (main/analysis/templates.ts).
 */
import type { Node } from 'web-tree-sitter';
import type { Instantiation } from '../facts';
import { collapse } from './normalise';

/** A quoted include of a file that is not a header (`"xmltok_impl.c"`, `"impl.inc"`). */
const SOURCE_INCLUDE = /#[ \t]*include[ \t]*"[^"\n]*\.(?!(?:h|hh|hpp|hxx)")[A-Za-z]+"/;

/** True when the file includes a non-header: only then are its pasting macros tracked. */
export function includesSource(text: string): boolean {
  return text.includes('#') && SOURCE_INCLUDE.test(text);
}

/** Pasting macros in force while a file is walked, and the includes seen under them. */
export class TemplateTracker {
  private readonly pastes = new Map<string, string>();
  readonly instantiations: Instantiation[] = [];

  /** A `#define NAME(p) …` whose body only pastes identifiers around `p` (or is `p`); `text` is the file's. */
  define(text: string, node: Node): void {
    const valueNode = node.childForFieldName('value');
    const raw = valueNode ? text.slice(valueNode.startIndex, valueNode.endIndex) : '';
    // Most bodies are neither a paste nor one word: nothing to read unless a paste of that name is in force.
    if (!raw.includes('##') && !/^\s*[A-Za-z_]\w*\s*$/.test(raw) && this.pastes.size === 0) return;
    const name = node.childForFieldName('name')?.text;
    if (!name) return;
    const params = (node.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p !== null);
    const template = params.length === 1 && params[0]?.type === 'identifier' ? pasteTemplate(collapse(raw.replace(/\\\r?\n/g, ' ')), params[0].text) : undefined;
    if (template === undefined) this.pastes.delete(name);
    else this.pastes.set(name, template);
  }

  /** `#undef NAME`. */
  undefine(name: string): void {
    this.pastes.delete(name);
  }

  /** `#include "file"`: recorded when pasting macros are in force. */
  include(node: Node): void {
    if (this.pastes.size === 0) return;
    const path = node.childForFieldName('path');
    if (path?.type !== 'string_literal') return;
    const include = path.text.slice(1, -1);
    if (include === '' || /\.(?:h|hh|hpp|hxx)$/.test(include)) return;
    this.instantiations.push({ include, line: node.startPosition.row + 1, pastes: Object.fromEntries(this.pastes) });
  }
}

/**
 * The expansion of a pasting body with `$` for the parameter: `normal_ ## ident` → `normal_$`,
 * `x ## NS` → `$NS`, `x` → `$`. Undefined for any other body (the parameter must appear once).
 */
export function pasteTemplate(body: string, param: string): string | undefined {
  const parts = body.split('##').map((p) => p.trim());
  if (parts.some((p) => !/^[A-Za-z_]\w*$|^\d+$/.test(p))) return undefined;
  if (parts.filter((p) => p === param).length !== 1) return undefined;
  return parts.map((p) => (p === param ? '$' : p)).join('');
}
