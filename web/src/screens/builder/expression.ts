// A local check of the expression language (docs/recipe-format.md, Expressions) while the user
// types: syntax, known functions, and variables that are earlier steps with a numeric value. The
// server's validation (muParser) stays the judge; this only answers at once.
import { FUNCTIONS, RESERVED_VARIABLES, STEP_INFO, type RecipeDocument } from './document';
import { stepsInOrder } from './tree';

type Token = { t: 'num' | 'id' | 'op' | '(' | ')' | ',' | '?' | ':'; v: string; at: number };

const OPS = ['<=', '>=', '==', '!=', '&&', '||', '<', '>', '+', '-', '*', '/', '^'];

function tokenize(text: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', v: op, at: i });
      i += op.length;
      continue;
    }
    if ('(),?:'.includes(c)) {
      out.push({ t: c as Token['t'], v: c, at: i });
      i++;
      continue;
    }
    if (c === '=') return `“=” at position ${i + 1}: assignment is not allowed; compare with “==”.`;
    if (c === '"' || c === "'") return 'Text in quotes is not allowed: expressions work on numbers.';
    return `“${c}” at position ${i + 1} is not part of the expression language.`;
  }
  return out;
}

const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '^': 7 };

// Parses by precedence climbing; collects variables and function calls.
function parse(tokens: Token[]): { variables: string[]; functions: string[] } | string {
  let i = 0;
  const variables: string[] = [];
  const functions: string[] = [];
  const peek = () => tokens[i];
  const where = (t?: Token) => (t ? `at position ${t.at + 1}` : 'at the end');

  function primary(): string | null {
    const t = peek();
    if (!t) return 'The expression ends too early: a value is missing at the end.';
    if (t.t === 'op' && t.v === '-') {
      i++;
      return primary();
    }
    if (t.t === 'num') {
      i++;
      return null;
    }
    if (t.t === '(') {
      i++;
      const e = ternary();
      if (e) return e;
      if (peek()?.t !== ')') return `A “)” is missing ${where(peek())}.`;
      i++;
      return null;
    }
    if (t.t === 'id') {
      i++;
      if (peek()?.t === '(') {
        if (!FUNCTIONS.includes(t.v)) return `“${t.v}” is not a function; the functions are ${FUNCTIONS.join(', ')}.`;
        functions.push(t.v);
        i++;
        if (peek()?.t === ')') return `${t.v}() needs at least one argument.`;
        for (;;) {
          const e = ternary();
          if (e) return e;
          if (peek()?.t === ',') {
            i++;
            continue;
          }
          if (peek()?.t !== ')') return `A “)” is missing ${where(peek())}.`;
          i++;
          return null;
        }
      }
      if (FUNCTIONS.includes(t.v)) return `${t.v} is a function: write ${t.v}(…).`;
      variables.push(t.v);
      return null;
    }
    return `Unexpected “${t.v}” ${where(t)}.`;
  }

  function binary(min: number): string | null {
    const e = primary();
    if (e) return e;
    for (;;) {
      const t = peek();
      if (!t || t.t !== 'op' || PRECEDENCE[t.v] < min) return null;
      i++;
      // ^ is right-associative
      const next = t.v === '^' ? PRECEDENCE[t.v] : PRECEDENCE[t.v] + 1;
      const r = binary(next);
      if (r) return r;
    }
  }

  function ternary(): string | null {
    const e = binary(1);
    if (e) return e;
    if (peek()?.t === '?') {
      i++;
      const a = ternary();
      if (a) return a;
      if (peek()?.t !== ':') return `The “:” of “? :” is missing ${where(peek())}.`;
      i++;
      return ternary();
    }
    return null;
  }

  const e = ternary();
  if (e) return e;
  if (i < tokens.length) {
    const t = tokens[i];
    return t.t === ',' ? 'Only one result is allowed: a “,” belongs inside a function’s parentheses.' : `Unexpected “${t.v}” ${where(t)}.`;
  }
  return { variables, functions };
}

export interface ExpressionCheck {
  ok: boolean;
  message: string;
  variables: string[];
}

// Checks `text` as the expression of the step at `at` (u, o, s): syntax, then each variable is an
// earlier step with a numeric value (or batch_size / theoretical_yield).
export function checkExpression(doc: RecipeDocument, at: { u: number; o: number; s: number }, text: string): ExpressionCheck {
  if (!text.trim()) return { ok: false, message: 'The expression is empty.', variables: [] };
  if (text.length > 1000) return { ok: false, message: 'An expression has at most 1,000 characters.', variables: [] };
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, message: tokens, variables: [] };
  const parsed = parse(tokens);
  if (typeof parsed === 'string') return { ok: false, message: parsed, variables: [] };
  const variables = [...new Set(parsed.variables)];
  const order = stepsInOrder(doc);
  const self = order.findIndex(({ path: p }) => p.u === at.u && p.o === at.o && p.s === at.s);
  for (const name of variables) {
    if (RESERVED_VARIABLES.includes(name)) continue;
    const i = order.findIndex(({ step }) => step.key === name);
    if (i < 0) return { ok: false, message: `“${name}” is not the key of any step.`, variables };
    if (i === self) return { ok: false, message: `“${name}” is this step itself.`, variables };
    if (self >= 0 && i > self) return { ok: false, message: `“${name}” is a later step; only earlier steps can be used.`, variables };
    const step = order[i].step;
    if (!STEP_INFO[step.type]?.value) {
      return { ok: false, message: `“${name}” is a ${STEP_INFO[step.type]?.label.toLowerCase() ?? step.type} step, which has no numeric value.`, variables };
    }
    const p = order[i].path;
    const up = doc.unit_procedures;
    if (p.u !== at.u && up[at.u]?.parallel && p.u === at.u - 1) {
      return { ok: false, message: `“${name}” belongs to a unit procedure that runs in parallel with this one, so it may not be done yet.`, variables };
    }
  }
  return { ok: true, message: 'Valid', variables };
}

// The variables an expression at `at` may use: earlier steps with a numeric value, then the
// reserved names (for the hint under the input).
export function availableVariables(doc: RecipeDocument, at: { u: number; o: number; s: number }): string[] {
  const out: string[] = [];
  for (const { step, path: p } of stepsInOrder(doc)) {
    if (p.u === at.u && p.o === at.o && p.s === at.s) break;
    if (STEP_INFO[step.type]?.value) out.push(step.key);
  }
  return [...out, ...RESERVED_VARIABLES];
}
