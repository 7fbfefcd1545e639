// Reads the IRQL-related SAL annotations (and their legacy `__drv_*` spellings) re-attached to a
// function's definition and declarations by the parser. See "IRQL annotations for drivers"
// (https://learn.microsoft.com/en-us/windows-hardware/drivers/devtest/irql-annotations-for-drivers)
// for what each one states.

import type { Annotation, FunctionDecl, Range } from '../model';
import { levelFromText } from './levels';

export interface AnnotationSource {
  text: string;
  file: string;
  range: Range;
}

export interface IrqlAnnotations {
  /** Entry IRQL bounds the annotations state (null = not stated). */
  min: number | null;
  max: number | null;
  sources: AnnotationSource[];
  /** `_IRQL_raises_(L)` / `__drv_raisesIRQL(L)` / `__drv_setsIRQL(L)`: the function returns at L. */
  raises: number | null;
  /** `_IRQL_saves_` / `__drv_savesIRQL` (on a parameter or global): it hands the caller an old IRQL. */
  saves: boolean;
  /** `_IRQL_restores_` / `__drv_restoresIRQL`: it sets the IRQL back from a parameter. */
  restores: boolean;
  requiresSame: boolean;
  /** `_Acquires_*lock_` / `_Releases_*lock_` (possibly under `_When_`): a lock wrapper. */
  acquiresLock: boolean;
  releasesLock: boolean;
  /** The function means to leave with a different IRQL or lock state (exempt from irql/not-restored). */
  changesStateOnPurpose: boolean;
  /** `_Function_class_(X)` / `__drv_functionClass(X)`. */
  functionClasses: string[];
  /** `_Dispatch_type_(IRP_MJ_X)` / `__drv_dispatchType(IRP_MJ_X)`. */
  dispatchTypes: string[];
}

function baseName(name: string): string {
  return name.replace(/^_+/, '').replace(/_+$/, '').toLowerCase();
}

function stripParens(s: string): string {
  let t = s.trim();
  while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  return t;
}

/** Annotation names nested in `_When_(cond, ann1 ann2)` arguments. */
function nestedNames(args: string): string[] {
  return [...args.matchAll(/\b(_[A-Za-z_]+_|__drv_[A-Za-z]+)\s*\(/g)].map((m) => m[1]);
}

export function readIrqlAnnotations(decls: readonly FunctionDecl[]): IrqlAnnotations {
  const out: IrqlAnnotations = {
    min: null,
    max: null,
    sources: [],
    raises: null,
    saves: false,
    restores: false,
    requiresSame: false,
    acquiresLock: false,
    releasesLock: false,
    changesStateOnPurpose: false,
    functionClasses: [],
    dispatchTypes: [],
  };
  const seen = new Set<string>();
  for (const d of decls) {
    for (const a of d.annotations) {
      const key = `${a.name}(${a.args})@${a.paramIndex ?? ''}`;
      const dup = seen.has(key);
      seen.add(key);
      apply(out, a, d.file, dup);
    }
  }
  if (out.min !== null && out.max !== null && out.min > out.max) {
    // Contradictory annotations (one declaration says PASSIVE, another DISPATCH): keep the wider.
    const lo = Math.min(out.min, out.max);
    out.max = Math.max(out.min, out.max);
    out.min = lo;
  }
  return out;
}

function apply(out: IrqlAnnotations, a: Annotation, file: string, duplicate: boolean): void {
  const n = baseName(a.name);
  const text = `${a.name}(${a.args})`;
  const src = (): void => {
    if (!duplicate) out.sources.push({ text, file, range: a.range });
  };
  const lvl = (): number | null => levelFromText(a.args);
  const tighten = (min: number | null, max: number | null): void => {
    if (min !== null) out.min = out.min === null ? min : Math.max(out.min, min);
    if (max !== null) out.max = out.max === null ? max : Math.min(out.max, max);
  };
  switch (n) {
    case 'irql_requires':
    case 'drv_requiresirql': {
      const l = lvl();
      if (l !== null) {
        tighten(l, l);
        src();
      }
      return;
    }
    case 'irql_requires_max':
    case 'drv_maxirql':
    case 'irql_always_function_max':
    case 'drv_maxfunctionirql': {
      const l = lvl();
      if (l !== null) {
        tighten(null, l);
        src();
      }
      return;
    }
    case 'irql_requires_min':
    case 'drv_minirql':
    case 'irql_always_function_min':
    case 'drv_minfunctionirql': {
      const l = lvl();
      if (l !== null) {
        tighten(l, null);
        src();
      }
      return;
    }
    case 'irql_raises':
    case 'drv_raisesirql':
    case 'drv_setsirql': {
      out.raises = lvl();
      out.changesStateOnPurpose = true;
      src();
      return;
    }
    case 'irql_saves':
    case 'irql_saves_global':
    case 'drv_savesirql':
    case 'drv_savesirqlglobal':
      out.saves = true;
      out.changesStateOnPurpose = true;
      return;
    case 'irql_restores':
    case 'irql_restores_global':
    case 'drv_restoresirql':
    case 'drv_restoresirqlglobal':
      out.restores = true;
      out.changesStateOnPurpose = true;
      return;
    case 'irql_requires_same':
    case 'drv_sameirql':
      out.requiresSame = true;
      return;
    case 'function_class':
    case 'drv_functionclass': {
      const c = stripParens(a.args);
      if (c && !out.functionClasses.includes(c)) out.functionClasses.push(c);
      return;
    }
    case 'dispatch_type':
    case 'drv_dispatchtype': {
      const t = stripParens(a.args);
      if (t && !out.dispatchTypes.includes(t)) out.dispatchTypes.push(t);
      return;
    }
    case 'when':
    case 'drv_when':
      for (const inner of nestedNames(a.args)) {
        const b = baseName(inner);
        if (/^(irql_raises|drv_raisesirql|drv_setsirql|irql_saves|drv_savesirql|irql_restores|drv_restoresirql)/.test(b)) {
          out.changesStateOnPurpose = true;
        }
        if (/acquires_.*lock|drv_acquireslock|drv_acquiresresource/.test(b)) {
          out.acquiresLock = true;
          out.changesStateOnPurpose = true;
        }
        if (/releases_.*lock|drv_releaseslock|drv_releasesresource/.test(b)) {
          out.releasesLock = true;
          out.changesStateOnPurpose = true;
        }
      }
      return;
    default:
      if (/^acquires_(exclusive_|shared_|nonreentrant_)?lock$|^drv_acquires(lock|resource|exclusiveresource|criticalregion|cancelspinlock)/.test(n)) {
        out.acquiresLock = true;
        out.changesStateOnPurpose = true;
      } else if (/^releases_(exclusive_|shared_|nonreentrant_)?lock$|^drv_releases(lock|resource|exclusiveresource|criticalregion|cancelspinlock)/.test(n)) {
        out.releasesLock = true;
        out.changesStateOnPurpose = true;
      } else if (/^requires_(exclusive_|shared_)?lock_held$|^drv_mustholdcriticalregion|^drv_mustholdcancelspinlock/.test(n)) {
        // Works on the caller's lock: may drop and re-take it.
        out.changesStateOnPurpose = true;
      }
  }
}
