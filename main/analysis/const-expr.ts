/**
 * A small evaluator for integer constant expressions in conditions (`5 == 5`,
 * `staticFive != 5`, `globalReturnsTrue()`, `i < 1`): numbers, names and
 * argument-less calls looked up through a callback, and C's arithmetic, comparison
 * and logical operators. Anything else (casts, fields, calls with arguments,
 * strings) makes the whole expression unknown, so a condition is only ever decided
 * when every part of it is known.
 */

/** Looks up a name (`call` true for `name()`): its constant value, or undefined when unknown. */
export type ConstantLookup = (name: string, call: boolean) => number | undefined;

type Token = { t: 'num'; v: number } | { t: 'id'; v: string; call: boolean } | { t: 'op'; v: string };

const TOKEN = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)(\s*\(\s*\))?|(<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%<>!~&|^()]))/y;

function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ t: 'num', v: m[1].startsWith('0') && m[1].length > 1 && !/^0[xX]/.test(m[1]) ? parseInt(m[1], 8) : Number(m[1]) });
    else if (m[2] !== undefined) out.push({ t: 'id', v: m[2], call: m[3] !== undefined });
    else if (m[4] !== undefined) out.push({ t: 'op', v: m[4] });
  }
  return out;
}

/** Binary operators by precedence level, loosest first. */
const LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

function apply(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '||': return a || b ? 1 : 0;
    case '&&': return a && b ? 1 : 0;
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : Math.trunc(a / b);
    case '%': return b === 0 ? undefined : a % b;
    default: return undefined;
  }
}

/** The value of `text` as an integer constant expression, or undefined when any part is unknown. */
export function evaluateConstant(text: string, lookup: ConstantLookup): number | undefined {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return undefined;
  let pos = 0;
  let failed = false;
  const fail = (): number => {
    failed = true;
    return 0;
  };
  const unary = (): number => {
    const tok = tokens[pos++];
    if (!tok) return fail();
    if (tok.t === 'num') return tok.v;
    if (tok.t === 'id') {
      const v = tok.v === 'true' ? 1 : tok.v === 'false' ? 0 : lookup(tok.v, tok.call);
      return v === undefined ? fail() : v;
    }
    if (tok.v === '(') {
      const v = binary(0);
      if (tokens[pos]?.v !== ')') return fail();
      pos++;
      return v;
    }
    if (tok.v === '!') return unary() ? 0 : 1;
    if (tok.v === '-') return -unary();
    if (tok.v === '+') return unary();
    if (tok.v === '~') return ~unary();
    return fail();
  };
  const binary = (level: number): number => {
    if (level >= LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const tok = tokens[pos];
      if (tok?.t !== 'op' || !LEVELS[level]?.includes(tok.v)) return left;
      pos++;
      const right = binary(level + 1);
      const v = apply(tok.v, left, right);
      if (v === undefined) return fail();
      left = v;
    }
  };
  const value = binary(0);
  return failed || pos !== tokens.length ? undefined : value;
}
