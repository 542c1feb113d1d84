/**
 * A small C tokenizer for the source panel: splits each line into typed tokens
 * (keyword, type, string, char, number, comment, preprocessor, function call, plain).
 * Written here rather than taken from a library because the panel renders line by
 * line (line numbers, alloc/free markers, the function's range) and needs tokens
 * that never span lines; block comments carry their state to the next line.
 */

/** Token classes; the view maps them to CSS classes. */
export type TokenType = 'kw' | 'type' | 'str' | 'num' | 'com' | 'pp' | 'fn' | 'plain';

/** One token of a line. */
export interface Token {
  type: TokenType;
  text: string;
}

const KEYWORDS = new Set('auto break case const continue default do else enum extern for goto if inline register restrict return sizeof static struct switch typedef union volatile while _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local __attribute__ __inline __inline__ __restrict asm __asm__ typeof __typeof__'.split(' '));
const TYPES = new Set('void char short int long float double signed unsigned _Bool bool size_t ssize_t u8 u16 u32 u64 s8 s16 s32 s64 __u8 __u16 __u32 __u64 uint8_t uint16_t uint32_t uint64_t int8_t int16_t int32_t int64_t uintptr_t intptr_t loff_t gfp_t NULL true false'.split(' '));

/** Tokenize source text into lines of tokens. */
export function highlightC(source: string): Token[][] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: Token[][] = [];
  let inComment = false;
  for (const line of lines) {
    const tokens: Token[] = [];
    const push = (type: TokenType, text: string): void => {
      if (!text) return;
      const last = tokens[tokens.length - 1];
      if (last && last.type === type) last.text += text;
      else tokens.push({ type, text });
    };
    let i = 0;
    if (!inComment && /^\s*#/.test(line)) {
      // Preprocessor line: directive coloured, the rest tokenized normally for readability.
      const m = /^(\s*#\s*\w*)/.exec(line);
      if (m) {
        push('pp', m[1] as string);
        i = (m[1] as string).length;
      }
    }
    while (i < line.length) {
      if (inComment) {
        const end = line.indexOf('*/', i);
        if (end < 0) { push('com', line.slice(i)); i = line.length; }
        else { push('com', line.slice(i, end + 2)); i = end + 2; inComment = false; }
        continue;
      }
      const rest = line.slice(i);
      if (rest.startsWith('//')) { push('com', rest); break; }
      if (rest.startsWith('/*')) { inComment = true; push('com', '/*'); i += 2; continue; }
      const ch = line[i] as string;
      if (ch === '"' || ch === "'") {
        let j = i + 1;
        while (j < line.length && line[j] !== ch) j += line[j] === '\\' ? 2 : 1;
        push(ch === '"' ? 'str' : 'str', line.slice(i, j + 1));
        i = j + 1;
        continue;
      }
      const num = /^(0[xX][0-9a-fA-F]+|\d+\.?\d*([eE][+-]?\d+)?)[uUlLfF]*/.exec(rest);
      if (num && !/[A-Za-z_]/.test(line[i - 1] ?? '')) { push('num', num[0]); i += num[0].length; continue; }
      const word = /^[A-Za-z_]\w*/.exec(rest);
      if (word) {
        const w = word[0];
        const after = line.slice(i + w.length);
        const type: TokenType = KEYWORDS.has(w) ? 'kw' : TYPES.has(w) || /_t$/.test(w) ? 'type' : /^\s*\(/.test(after) ? 'fn' : 'plain';
        push(type, w);
        i += w.length;
        continue;
      }
      push('plain', ch);
      i++;
    }
    out.push(tokens);
  }
  return out;
}
