/**
 * Blanks annotation macros (`__init`, `asmlinkage`, `__printf(1, 2)`, `__attribute__((…))`…)
 * before parsing. Without a preprocessor, tree-sitter reads `static int __init foo(void)`
 * as a declaration of `__init` followed by a function named `int`-less garbage; replacing
 * such words with spaces of the same length keeps every offset, line and column of the
 * file while giving tree-sitter the declaration a compiler sees. Unknown annotations are
 * handled later by the header fallback in definitions.ts.
 */

/** Annotation words that take no arguments (kernel, GCC, glibc). */
export const BARE_ANNOTATIONS: readonly string[] = [
  '__init', '__exit', '__initdata', '__exitdata', '__initconst', '__devinit', '__devexit', '__devinitdata',
  '__cpuinit', '__meminit', '__meminitdata', '__init_memblock', '__ref', '__refdata', '__refconst',
  '__net_init', '__net_exit', '__head', '__sched', '__cold', '__hot', '__visible', 'asmlinkage',
  'noinline', '__noinline', 'notrace', '__notrace', '__always_inline', '__always_unused', '__maybe_unused',
  '__used', '__unused', '__weak', '__pure', '__must_check', '__noreturn', '__noclone', '__naked',
  '__flatten', '__malloc', '__packed', '__randomize_layout', '__user', '__kernel', '__iomem', '__percpu',
  '__rcu', '__force', '__bitwise', '__nocast', '__safe', '__private', '__read_mostly', '__ro_after_init',
  '__cacheline_aligned', '__cacheline_aligned_in_smp', '____cacheline_aligned', '____cacheline_aligned_in_smp',
  '__lockfunc', '__kprobes', 'nokprobe_inline', '__nocfi', 'noinstr', '__noinstr', '__cpuidle', '__irq_entry',
  '__softirq_entry', '__latent_entropy', '__init_or_module', '__deprecated', 'fastcall', '__fastcall',
  '__stdcall', '__cdecl', '__nostackprotector', '__no_kcsan', '__no_sanitize_address', '__attribute_const__',
  '__wur', '__THROW', '__exitused', '__page_aligned_data', '__page_aligned_bss', '__initdata_or_meminfo',
  '__bpf_kfunc', '__safe_for_unaligned_access', 'inline_for_performance',
];

/** Annotation words followed by a parenthesised argument list that is blanked too. */
export const CALL_ANNOTATIONS: readonly string[] = [
  '__attribute__', '__attribute', '__printf', '__scanf', '__section', '__aligned', '__alloc_size',
  '__acquires', '__releases', '__must_hold', '__nonnull', '__counted_by', '__free', '__cleanup',
  '__diag_ignore', '__malloc_like', '__format',
];

const BARE = new Set(BARE_ANNOTATIONS);
const ANY = new RegExp(`\\b(?:${[...BARE_ANNOTATIONS, ...CALL_ANNOTATIONS].join('|')})\\b`, 'g');

/** True when `index` lies on a preprocessor directive line or a continuation of one. */
function onDirectiveLine(text: string, index: number): boolean {
  let start = text.lastIndexOf('\n', index - 1) + 1;
  for (;;) {
    let i = start;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '#') return true;
    if (start === 0) return false;
    // A line continued from the previous one belongs to that line's directive.
    let prevEnd = start - 1;
    if (text[prevEnd - 1] === '\r') prevEnd--;
    if (text[prevEnd - 1] !== '\\') return false;
    start = text.lastIndexOf('\n', prevEnd - 2) + 1;
  }
}

/** Index just past the parenthesised group starting at `open`, or -1 when unbalanced. */
function skipParens(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
    else if (c === ';' || c === '{') return -1;
  }
  return -1;
}

/** Spaces for a range, keeping newlines so rows stay put. */
function blank(range: string): string {
  return range.replace(/[^\r\n]/g, ' ');
}

/** Returns `text` with annotation macros replaced by spaces (same length, same lines). */
export function blankAnnotations(text: string): string {
  ANY.lastIndex = 0;
  const parts: string[] = [];
  let copied = 0;
  for (let m = ANY.exec(text); m; m = ANY.exec(text)) {
    const start = m.index;
    if (onDirectiveLine(text, start)) continue;
    let end = start + m[0].length;
    if (!BARE.has(m[0])) {
      let open = end;
      while (text[open] === ' ' || text[open] === '\t' || text[open] === '\n') open++;
      if (text[open] !== '(') continue;
      const close = skipParens(text, open);
      if (close < 0) continue;
      end = close;
      ANY.lastIndex = close;
    }
    parts.push(text.slice(copied, start), blank(text.slice(start, end)));
    copied = end;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}
