// Shared state of one file's extraction: the texts, positions, configuration regions and the
// scan results that the tree walk re-attaches (annotations, alignments, pack).

import type { Language } from 'web-tree-sitter';
import type { Cond, Range } from '../model';
import { maskToCond } from './configs';
import type { LineIndex } from './positions';
import { maskAt, valueAt, type ScanResult } from './scan';

/** Field ids of the grammar, looked up once per language (cursor.currentFieldId is a number). */
export interface FieldIds {
  condition: number;
  consequence: number;
  alternative: number;
  body: number;
  initializer: number;
  update: number;
  value: number;
  right: number;
  label: number;
  filter: number;
}

const fieldIdCache = new WeakMap<Language, FieldIds>();

/** Node type names and namedness by type id (cursor.nodeTypeId is one WASM call; names are then free). */
export interface TypeTable {
  names: string[];
  named: Uint8Array;
}

const typeTableCache = new WeakMap<Language, TypeTable>();

export function typeTableOf(lang: Language): TypeTable {
  let t = typeTableCache.get(lang);
  if (!t) {
    const count = lang.nodeTypeCount;
    const names: string[] = [];
    const named = new Uint8Array(count);
    for (let id = 0; id < count; id++) {
      names.push(lang.nodeTypeForId(id) ?? '');
      named[id] = lang.nodeTypeIsNamed(id) ? 1 : 0;
    }
    t = { names, named };
    typeTableCache.set(lang, t);
  }
  return t;
}

export function fieldIdsOf(lang: Language): FieldIds {
  let f = fieldIdCache.get(lang);
  if (!f) {
    const id = (n: string): number => lang.fieldIdForName(n) ?? -1;
    f = {
      condition: id('condition'),
      consequence: id('consequence'),
      alternative: id('alternative'),
      body: id('body'),
      initializer: id('initializer'),
      update: id('update'),
      value: id('value'),
      right: id('right'),
      label: id('label'),
      filter: id('filter'),
    };
    fieldIdCache.set(lang, f);
  }
  return f;
}

export class ExtractContext {
  /** Index of the next annotation not yet attached (annotations are sorted by offset). */
  annotationCursor = 0;
  readonly fields: FieldIds;
  readonly types: TypeTable;
  readonly language: 'c' | 'cpp';
  /** Namespaces declared in this file (for telling `ns::f` from `Class::method`). */
  readonly namespaces = new Set<string>();
  /** Function typedefs declared in this file (`typedef VOID MY_CALLBACK(...)`): local role typedefs. */
  readonly functionTypedefs = new Set<string>();

  constructor(
    /** The blanked text that tree-sitter parsed (same offsets as the original). */
    readonly src: string,
    /** The original text. */
    readonly original: string,
    readonly scan: ScanResult,
    readonly lines: LineIndex,
    readonly file: string,
    lang: Language,
    language: 'c' | 'cpp',
  ) {
    this.fields = fieldIdsOf(lang);
    this.types = typeTableOf(lang);
    this.language = language;
  }

  range(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  condAt(offset: number): Cond | undefined {
    return maskToCond(maskAt(this.scan.segments, offset));
  }

  packAt(offset: number): number | null {
    return valueAt(this.scan.packChanges, offset, null);
  }

  /** Alignment written in [from, to) (DECLSPEC_ALIGN / __declspec(align)), consumed once. */
  alignIn(from: number, to: number): string | undefined {
    const aligns = this.scan.aligns;
    // First mark at or after `from` (aligns are sorted by offset).
    let lo = 0;
    let hi = aligns.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (aligns[mid].start < from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < aligns.length; k++) {
      const a = aligns[k];
      if (a.start >= to) break;
      if (a.value !== '') {
        const v = a.value;
        a.value = '';
        return v;
      }
    }
    return undefined;
  }
}
