// Small expression helpers on tree-sitter nodes (Node API; used on a few nodes per statement).

import type { Node } from 'web-tree-sitter';
import { textOf } from './declarators';

export function stripCastsAndParens(n: Node): Node {
  let cur = n;
  for (let guard = 0; guard < 64; guard++) {
    if (cur.type === 'cast_expression') {
      const v = cur.childForFieldName('value');
      if (!v) break;
      cur = v;
    } else if (cur.type === 'parenthesized_expression') {
      const v = cur.namedChild(0);
      if (!v) break;
      cur = v;
    } else break;
  }
  return cur;
}

/** Operator token of a pointer_expression / field_expression (`&`, `*`, `->`, `.`). */
export function operatorOf(n: Node): string {
  const op = n.childForFieldName('operator');
  return op ? op.type : '';
}

/** Text of an expression with casts (and the parentheses they needed) removed. */
export function exprTextNoCasts(src: string, n: Node, depth = 0): string {
  if (depth > 32) return textOf(src, n);
  switch (n.type) {
    case 'cast_expression': {
      const v = n.childForFieldName('value');
      return v ? exprTextNoCasts(src, v, depth + 1) : textOf(src, n);
    }
    case 'parenthesized_expression': {
      const v = n.namedChild(0);
      if (!v) return textOf(src, n);
      const inner = exprTextNoCasts(src, v, depth + 1);
      return /^[\w.]+$|^[\w]+(->\w+|\.\w+)*$/.test(inner) ? inner : `(${inner})`;
    }
    case 'field_expression': {
      const arg = n.childForFieldName('argument');
      const field = n.childForFieldName('field');
      if (!arg || !field) return textOf(src, n);
      return `${exprTextNoCasts(src, arg, depth + 1)}${operatorOf(n)}${textOf(src, field)}`;
    }
    case 'subscript_expression': {
      const arg = n.childForFieldName('argument');
      const idx = n.childForFieldName('index') ?? n.childForFieldName('indices');
      if (!arg) return textOf(src, n);
      return `${exprTextNoCasts(src, arg, depth + 1)}[${idx ? textOf(src, idx).replace(/^\[|\]$/g, '') : ''}]`;
    }
    case 'pointer_expression': {
      const arg = n.childForFieldName('argument');
      return arg ? `${operatorOf(n)}${exprTextNoCasts(src, arg, depth + 1)}` : textOf(src, n);
    }
    default:
      return textOf(src, n);
  }
}

/** Leftmost identifier of an lvalue-ish expression (through casts, parens, `.`, `->`, `[]`, `*`). */
export function rootIdentOf(src: string, n: Node): string | null {
  let cur: Node | null = n;
  for (let guard = 0; cur && guard < 64; guard++) {
    switch (cur.type) {
      case 'identifier':
        return textOf(src, cur);
      case 'this':
        return 'this';
      case 'cast_expression':
        cur = cur.childForFieldName('value');
        continue;
      case 'parenthesized_expression':
        cur = cur.namedChild(0);
        continue;
      case 'field_expression':
      case 'subscript_expression':
      case 'pointer_expression':
        cur = cur.childForFieldName('argument');
        continue;
      default:
        return null;
    }
  }
  return null;
}

/** The identifier an expression designates as an object: `x`, `x.y`, `x[i]` (not through `->` or `*`). */
export function objectRoot(src: string, n: Node): string | null {
  let cur: Node | null = stripCastsAndParens(n);
  for (let guard = 0; cur && guard < 64; guard++) {
    if (cur.type === 'identifier') return textOf(src, cur);
    if (cur.type === 'field_expression') {
      if (operatorOf(cur) !== '.') return null;
      cur = cur.childForFieldName('argument');
      if (cur) cur = stripCastsAndParens(cur);
      continue;
    }
    if (cur.type === 'subscript_expression') {
      cur = cur.childForFieldName('argument');
      if (cur) cur = stripCastsAndParens(cur);
      continue;
    }
    return null;
  }
  return null;
}
