// Cheaper tree-sitter node access for the extractor's hot paths.
//
// Why: web-tree-sitter hands a node to WASM by writing its five words (id, start index, start
// row/column, alias) into a transfer buffer with emscripten's generic `setValue` (a switch on a
// type string per word), and builds every returned node as a class instance whose field
// initialisers run per object. The extractor asks for a node's type, end, field children and named
// children several hundred thousand times per workspace; on Windows-driver-samples that glue cost
// ~2 s, a sixth of the bare parse time, more than the WASM work it wraps.
//
// FastNode is a Node (its prototype chain ends in web-tree-sitter's Node.prototype, so every
// method of Node still works on it) that overrides the hot members with the same WASM calls made
// through direct Int32Array stores and loads. Every node reached from a FastNode through an
// overridden member is a FastNode too, so the extractor only has to start from `fastRoot(tree)`.
//
// The WASM exports come from the emscripten module object, which is the options object given to
// `Parser.init` (documented emscripten behaviour: the module factory's argument becomes `Module`).
// That is an implementation detail of the pinned web-tree-sitter version, so `enableFastNodes`
// first checks on a sample parse that FastNode answers exactly as Node does; if anything differs
// or an export is missing, `fastRoot` returns the ordinary root node and nothing else changes.

import type { Language, Node, Parser, Tree } from 'web-tree-sitter';

/** The WASM exports FastNode uses (names as in web-tree-sitter's own Node implementation). */
interface TsModule {
  HEAP32: Int32Array;
  _ts_init(): number;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _ts_node_symbol_wasm(tree: number): number;
  _ts_node_end_index_wasm(tree: number): number;
  _ts_node_is_named_wasm(tree: number): number;
  _ts_node_has_error_wasm(tree: number): number;
  _ts_node_named_child_count_wasm(tree: number): number;
  _ts_node_child_by_field_id_wasm(tree: number, fieldId: number): void;
  _ts_node_children_by_field_id_wasm(tree: number, fieldId: number): void;
  _ts_node_children_wasm(tree: number): void;
  _ts_node_named_children_wasm(tree: number): void;
  _ts_node_child_wasm(tree: number, index: number): void;
  _ts_node_named_child_wasm(tree: number, index: number): void;
  _ts_node_parent_wasm(tree: number): void;
  _ts_node_descendants_of_type_wasm(tree: number, symbols: number, count: number, sr: number, sc: number, er: number, ec: number): void;
}

const REQUIRED_EXPORTS: readonly (keyof TsModule)[] = [
  '_ts_init', '_malloc', '_free', '_ts_node_symbol_wasm', '_ts_node_end_index_wasm', '_ts_node_is_named_wasm',
  '_ts_node_has_error_wasm', '_ts_node_named_child_count_wasm', '_ts_node_child_by_field_id_wasm',
  '_ts_node_children_by_field_id_wasm', '_ts_node_children_wasm', '_ts_node_named_children_wasm',
  '_ts_node_child_wasm', '_ts_node_named_child_wasm', '_ts_node_parent_wasm', '_ts_node_descendants_of_type_wasm',
];

/** Words per marshalled node: id, start index, start row, start column, alias ("other"). */
const NODE_WORDS = 5;

let M: TsModule = null as unknown as TsModule;
/** Word index of web-tree-sitter's transfer buffer in HEAP32. */
let TB = 0;
/** FastNode answered like Node on the sample (enableFastNodes). */
let verified = false;
/** fastRoot hands out FastNodes (verified, and not switched off). */
let enabled = false;

/** Tree handle as the WASM functions take it (web-tree-sitter stores it at index 0). */
type TreeLike = Tree & { [0]: number };

/** Writes `n` into the transfer buffer, as web-tree-sitter's marshalNode does. */
function marshal(n: FastNode): void {
  const h = M.HEAP32; // re-read: the view is replaced when WASM memory grows
  h[TB] = n.id;
  h[TB + 1] = n.startIndex;
  h[TB + 2] = n.row;
  h[TB + 3] = n.column;
  h[TB + 4] = n.other;
}

/** The node at word `w` of HEAP32 (the transfer buffer, or a returned array), or null for id 0. */
function nodeAt(tree: TreeLike, w: number): FastNode | null {
  const h = M.HEAP32;
  const id = h[w];
  return id === 0 ? null : new FastNode(tree, id, h[w + 1], h[w + 2], h[w + 3], h[w + 4]);
}

/** Reads the (count, address) array web-tree-sitter's *_wasm list functions leave in the transfer buffer. */
function nodeList(tree: TreeLike): FastNode[] {
  const h = M.HEAP32;
  const count = h[TB];
  const address = h[TB + 1];
  const out = new Array<FastNode>(count);
  if (count > 0) {
    let w = address >> 2;
    for (let i = 0; i < count; i++, w += NODE_WORDS) out[i] = nodeAt(tree, w) as FastNode;
    M._free(address);
  }
  return out;
}

/** Field name → id per language (Node.childForFieldName searches the name list on every call). */
const fieldIds = new WeakMap<Language, Map<string, number>>();

/** The map of the language asked about last (a file asks about one language thousands of times). */
let lastFieldLang: Language | null = null;
let lastFieldMap: Map<string, number> | null = null;

function fieldIdOf(lang: Language, name: string): number {
  if (lang === lastFieldLang) return (lastFieldMap as Map<string, number>).get(name) ?? -1;
  let m = fieldIds.get(lang);
  if (!m) {
    m = new Map();
    const fields = lang.fields;
    for (let i = 0; i < fields.length; i++) if (fields[i] !== null && !m.has(fields[i] as string)) m.set(fields[i] as string, i);
    fieldIds.set(lang, m);
  }
  lastFieldLang = lang;
  lastFieldMap = m;
  return m.get(name) ?? -1;
}

/** Symbol ids per requested type list, per language (a WASM-side array, kept for the process). */
const symbolArrays = new WeakMap<Language, Map<string, { address: number; count: number }>>();

/**
 * The last answer of symbolsFor, by identity of its arguments: the extractor asks with the same
 * list for every function body of a file, and joining the list into a key each time cost more
 * than the look-up it served.
 */
let lastSymbols: { lang: Language; types: readonly string[]; s: { address: number; count: number } } | null = null;

function symbolsFor(lang: Language, types: readonly string[]): { address: number; count: number } {
  if (lastSymbols !== null && lastSymbols.lang === lang && lastSymbols.types === types) return lastSymbols.s;
  const s = symbolsForKey(lang, types);
  lastSymbols = { lang, types, s };
  return s;
}

function symbolsForKey(lang: Language, types: readonly string[]): { address: number; count: number } {
  let perLang = symbolArrays.get(lang);
  if (!perLang) {
    perLang = new Map();
    symbolArrays.set(lang, perLang);
  }
  const key = types.join('\0');
  let s = perLang.get(key);
  if (!s) {
    // Same mapping as Node.descendantsOfType: every symbol whose name is requested, plus 65535 for ERROR.
    const wanted = new Set(types);
    const ids: number[] = [];
    if (wanted.has('ERROR')) ids.push(65535);
    const names = lang.types;
    for (let i = 0; i < names.length; i++) if (wanted.has(names[i])) ids.push(i);
    const address = M._malloc(4 * Math.max(1, ids.length));
    const h = M.HEAP32;
    for (let i = 0; i < ids.length; i++) h[(address >> 2) + i] = ids[i];
    s = { address, count: ids.length };
    perLang.set(key, s);
  }
  return s;
}

class FastNode {
  // Same own fields as web-tree-sitter's Node, so its inherited methods work unchanged. Declared
  // only (no class-field initialisers, which run a define per field per object before the
  // constructor's stores): the constructor below is the one place they are set.
  declare id: number;
  declare startIndex: number;
  declare tree: TreeLike;
  declare _children: FastNode[] | undefined;
  declare _namedChildren: FastNode[] | undefined;
  declare readonly row: number;
  declare readonly column: number;
  /** The alias word web-tree-sitter keeps at index 0 (read through the `0` getter below). */
  declare readonly other: number;

  constructor(tree: TreeLike, id: number, startIndex: number, row: number, column: number, other: number) {
    this.other = other;
    this.id = id;
    this.tree = tree;
    this.startIndex = startIndex;
    this.row = row;
    this.column = column;
    this._children = undefined;
    this._namedChildren = undefined;
  }

  /** Built when asked for: the extractor works with offsets, so most nodes never need it. */
  get startPosition(): { row: number; column: number } {
    return { row: this.row, column: this.column };
  }

  get typeId(): number {
    marshal(this);
    return M._ts_node_symbol_wasm(this.tree[0]);
  }

  get endIndex(): number {
    marshal(this);
    return M._ts_node_end_index_wasm(this.tree[0]);
  }

  get isNamed(): boolean {
    marshal(this);
    return M._ts_node_is_named_wasm(this.tree[0]) === 1;
  }

  get hasError(): boolean {
    marshal(this);
    return M._ts_node_has_error_wasm(this.tree[0]) === 1;
  }

  get namedChildCount(): number {
    marshal(this);
    return M._ts_node_named_child_count_wasm(this.tree[0]);
  }

  get parent(): FastNode | null {
    marshal(this);
    M._ts_node_parent_wasm(this.tree[0]);
    return nodeAt(this.tree, TB);
  }

  child(index: number): FastNode | null {
    marshal(this);
    M._ts_node_child_wasm(this.tree[0], index);
    return nodeAt(this.tree, TB);
  }

  namedChild(index: number): FastNode | null {
    marshal(this);
    M._ts_node_named_child_wasm(this.tree[0], index);
    return nodeAt(this.tree, TB);
  }

  childForFieldId(fieldId: number): FastNode | null {
    marshal(this);
    M._ts_node_child_by_field_id_wasm(this.tree[0], fieldId);
    return nodeAt(this.tree, TB);
  }

  childForFieldName(name: string): FastNode | null {
    const id = fieldIdOf(this.tree.language, name);
    return id === -1 ? null : this.childForFieldId(id);
  }

  childrenForFieldId(fieldId: number): FastNode[] {
    marshal(this);
    M._ts_node_children_by_field_id_wasm(this.tree[0], fieldId);
    return nodeList(this.tree);
  }

  childrenForFieldName(name: string): FastNode[] {
    const id = fieldIdOf(this.tree.language, name);
    return id === -1 || id === 0 ? [] : this.childrenForFieldId(id);
  }

  get children(): FastNode[] {
    if (!this._children) {
      marshal(this);
      M._ts_node_children_wasm(this.tree[0]);
      this._children = nodeList(this.tree);
    }
    return this._children;
  }

  get namedChildren(): FastNode[] {
    if (!this._namedChildren) {
      marshal(this);
      M._ts_node_named_children_wasm(this.tree[0]);
      this._namedChildren = nodeList(this.tree);
    }
    return this._namedChildren;
  }

  /** Whole subtree; only the no-range form (the range arguments are not used by the extractor). */
  descendantsOfType(types: string | readonly string[]): FastNode[] {
    const list = typeof types === 'string' ? [types] : types;
    const s = symbolsFor(this.tree.language, list);
    marshal(this);
    M._ts_node_descendants_of_type_wasm(this.tree[0], s.address, s.count, 0, 0, 0, 0);
    const h = M.HEAP32;
    const count = h[TB];
    const address = h[TB + 1];
    const out = new Array<FastNode>(count);
    let w = address >> 2;
    for (let i = 0; i < count; i++, w += NODE_WORDS) out[i] = nodeAt(this.tree, w) as FastNode;
    M._free(address);
    return out;
  }
}

/** The tree's root as a FastNode when the fast path is enabled, else the ordinary root node. */
export function fastRoot(tree: Tree): Node {
  const root = tree.rootNode;
  if (!enabled) return root;
  const r = root as unknown as { id: number; startIndex: number; startPosition: { row: number; column: number }; [0]: number };
  return new FastNode(tree as TreeLike, r.id, r.startIndex, r.startPosition.row, r.startPosition.column, r[0]) as unknown as Node;
}

/** True when `fastRoot` returns FastNodes (for tests and benchmarks). */
export function fastNodesEnabled(): boolean {
  return enabled;
}

/** Switches the fast path off or back on (when verified); tests and benchmarks compare both. */
export function useFastNodes(on: boolean): void {
  enabled = on && verified;
}

/**
 * Enables FastNode if `module` is web-tree-sitter's emscripten module and FastNode answers like
 * Node on a sample of both grammars. Returns whether it is enabled.
 */
export function enableFastNodes(module: unknown, nodePrototype: object, parser: Parser, languages: Language[]): boolean {
  enabled = verified = false;
  const m = module as Partial<TsModule> | null;
  if (!m || !(m.HEAP32 instanceof Int32Array) || REQUIRED_EXPORTS.some((k) => typeof m[k] !== 'function')) return false;
  M = m as TsModule;
  // ts_init only reports the transfer buffer's address (and the ABI versions stored in it).
  TB = M._ts_init() >> 2;
  Object.setPrototypeOf(FastNode.prototype, nodePrototype);
  // Node keeps the alias word as element 0; an element store per object would allocate an
  // elements array per node, so FastNode keeps it in a named field and the inherited methods
  // that read `node[0]` find it through this getter.
  if (!Object.prototype.hasOwnProperty.call(FastNode.prototype, 0)) {
    Object.defineProperty(FastNode.prototype, 0, {
      get(this: FastNode): number {
        return this.other;
      },
    });
  }
  try {
    verified = languages.every((lang) => agreesWithNode(parser, lang));
  } catch {
    verified = false;
  }
  enabled = verified;
  return enabled;
}

const SAMPLE = `
typedef struct _S { int a; char b[4]; } S, *PS;
static int f(PS p, int n) {
  int i = 0, *q = &i;
  if (p->a > n) { p->b[0] = (char)n; } else while (n--) { i += g(p, &q); }
  switch (n) { case 1: return 2; default: break; }
  return i ? *q : sizeof(S);
}
`;

const SAMPLE_TYPES = ['function_definition', 'declaration', 'call_expression', 'if_statement', 'field_expression', 'identifier'];

/** Walks the sample with Node and with FastNode side by side; any difference disables the fast path. */
function agreesWithNode(parser: Parser, lang: Language): boolean {
  parser.setLanguage(lang);
  const tree = parser.parse(SAMPLE);
  if (!tree) return false;
  try {
    enabled = true;
    const fast = fastRoot(tree);
    enabled = false;
    const slow = tree.rootNode;
    const same = (a: Node | null, b: Node | null, depth: number): boolean => {
      if (a === null || b === null) return a === b;
      if (a.id !== b.id || a.startIndex !== b.startIndex || a.endIndex !== b.endIndex || a.typeId !== b.typeId || a.type !== b.type) return false;
      if (a.isNamed !== b.isNamed || a.hasError !== b.hasError || a.namedChildCount !== b.namedChildCount) return false;
      if (a.startPosition.row !== b.startPosition.row || a.startPosition.column !== b.startPosition.column) return false;
      // An inherited (not overridden) method: marshals through the `0` getter and startPosition.
      if (a.nextSibling?.id !== b.nextSibling?.id || a.nextSibling?.endIndex !== b.nextSibling?.endIndex) return false;
      if (depth > 0) {
        const pa = a.parent;
        const pb = b.parent;
        if ((pa === null) !== (pb === null) || (pa && pb && (pa.id !== pb.id || pa.endIndex !== pb.endIndex))) return false;
      }
      for (const field of ['declarator', 'body', 'condition', 'argument', 'type']) {
        const fa = a.childForFieldName(field);
        const fb = b.childForFieldName(field);
        if ((fa === null) !== (fb === null) || (fa && fb && (fa.id !== fb.id || fa.endIndex !== fb.endIndex))) return false;
        const la = a.childrenForFieldName(field);
        const lb = b.childrenForFieldName(field);
        if (la.length !== lb.length || la.some((x, i) => x?.id !== lb[i]?.id)) return false;
      }
      const ca = a.children;
      const cb = b.children;
      if (ca.length !== cb.length) return false;
      for (let i = 0; i < ca.length; i++) {
        if (a.child(i)?.id !== b.child(i)?.id) return false;
        if (!same(ca[i], cb[i], depth + 1)) return false;
      }
      const na = a.namedChildren;
      const nb = b.namedChildren;
      if (na.length !== nb.length || na.some((x, i) => x?.id !== nb[i]?.id || a.namedChild(i)?.id !== x?.id)) return false;
      return true;
    };
    if (!same(fast, slow, 0)) return false;
    const da = fast.descendantsOfType(SAMPLE_TYPES);
    const db = slow.descendantsOfType(SAMPLE_TYPES);
    return da.length === db.length && da.length > 10 && da.every((x, i) => x !== null && db[i] !== null && x.id === db[i]!.id && x.endIndex === db[i]!.endIndex && x.type === db[i]!.type);
  } finally {
    tree.delete();
  }
}
