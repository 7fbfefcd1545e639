// Which identifiers the pre-scan blanks (replaces by spaces, offsets kept) before tree-sitter sees
// the text, and which of them are remembered as annotations. Without a preprocessor these macros
// make tree-sitter misread declarations (`_In_ PIRP Irp` looks like two types, `NTAPI f(...)` like
// a declaration of NTAPI): on the Windows-driver-samples corpus most function definitions contain
// an ERROR node before blanking, a few percent after (bench/parse.ts prints the figures).

export const enum WordKind {
  /** Not blanked. */
  None = 0,
  /** Blank the word alone (`IN`, `NTAPI`, `__forceinline`). */
  Word = 1,
  /** Blank the word and a following balanced `( ... )` when present (SAL, `__drv_*`, `DECLSPEC_*`). */
  WithArgs = 2,
  /** `__declspec( ... )`: blanked; `align(n)` and `code_seg("S")` inside are remembered. */
  Declspec = 3,
  /** `DECLSPEC_ALIGN(n)`: blanked; n is remembered as an alignment. */
  DeclspecAlign = 4,
  /** `DECLSPEC_CACHEALIGN`: alignment SYSTEM_CACHE_ALIGNMENT_SIZE. */
  CacheAlign = 5,
  /** Same-length replacement by the keyword (`CONST` → `const`). */
  Replace = 6,
  /** Macros known to expand to `__declspec(code_seg("..."))` (`PAGED_CODE_SEG`). */
  CodeSegMacro = 7,
}

/** Exact words blanked alone. */
const WORDS = new Set<string>([
  'IN', 'OUT', 'OPTIONAL', 'UNALIGNED', '__unaligned', 'RESTRICTED_POINTER',
  'NTAPI', 'NTAPI_INLINE', 'WINAPI', 'WINAPIV', 'APIENTRY', 'CALLBACK', 'FASTCALL', 'STDCALL', 'CDECL',
  'STDMETHODCALLTYPE', 'STDAPICALLTYPE', 'STDAPIVCALLTYPE', 'STDMETHODVCALLTYPE',
  '__stdcall', '_stdcall', '__cdecl', '_cdecl', '__fastcall', '_fastcall', '__clrcall', '__vectorcall', '__thiscall',
  '__forceinline', 'FORCEINLINE', '__inline', '_inline', 'INLINE',
  'EXTERN_C', 'EXTERN_C_START', 'EXTERN_C_END',
  'NTKERNELAPI', 'NTHALAPI', 'NTSYSAPI', 'NTSYSCALLAPI', 'NTSTRSAFEDDI', 'NTSTRSAFEWORKERDDI', 'NTSTRSAFE_INLINE_API',
  'WDFAPI', 'FLTAPI', 'NDIS_API', 'KSDDKAPI', 'USBDEXPORT',
  'POINTER_32', 'POINTER_64', 'POINTER_SIGNED', 'POINTER_UNSIGNED', 'FIRMWARE_PTR', '__RPC_FAR', 'FAR', 'NEAR',
  'PASCAL', 'CONST_VTBL',
  '__kernel_entry', '__nullterminated', '__nullnullterminated', '__checkReturn', '__callback', '__override',
]);

/** SAL 2 annotation prefixes (sal.h / driverspecs.h / concurrencysal.h): blanked with their arguments. */
const SAL_PREFIXES: readonly string[] = [
  '_In_', '_Out_', '_Inout_', '_Outptr_', '_Outref_', '_COM_Outptr_', '_Deref_', '_Deref2_', '_Pre_', '_Post_',
  '_Prepost_', '_Ret_', '_Field_', '_Struct_size_', '_When_', '_Success_', '_Must_inspect_result_', '_Check_return_',
  '_Use_decl_annotations_', '_Dispatch_type_', '_Function_class_', '_IRQL_', '_Kernel_', '_Acquires_', '_Releases_',
  '_Requires_', '_Guarded_by_', '_Write_guarded_by_', '_Interlocked_', '_Null_', '_Notnull_', '_Maybenull_',
  '_NullNull_terminated_', '_Printf_format_string_', '_Scanf_', '_Reserved_', '_Frees_ptr_', '_At_', '_Readable_',
  '_Writable_', '_Valid_', '_Notvalid_', '_Maybevalid_', '_Points_to_data_', '_Analysis_', '_Global_', '_Has_lock_',
  '_Create_lock_level_', '_Lock_level_order_', '_No_competing_thread_', '_Benign_race_', '_Strict_type_match_',
  '_Enum_is_bitflag_', '_Inexpressible_', '_Old_', '_Const_', '_Unchanged_', '_Satisfies_', '_Translates_', '_Always_',
  '_On_failure_', '_Return_type_success_', '_Result_', '_Flt_', '_Unreferenced_parameter_', '_Literal_', '_Notliteral_',
  '_Callback_', '_Raises_SEH_exception_', '_Maybe_raises_SEH_exception_', '_Must_', '_Drivertype_', '_Notref_',
  '_Param_', '_Curr_', '_Nullterminated_', '_Post_invalid_', '_Ret_maybenull_', '_Decl_annotations_',
  '_Outptr_result_', '_Deref_out_', '_Deref_in_', '_Frees_', '_Allocates_',
];

/** Legacy (sal 1 / driverspecs) `__in`, `__out_bcount(n)`, `__drv_maxIRQL(x)`, ... */
const LEGACY = /^__(?:in|out|inout|deref|field|ecount|bcount|xcount|opt|pre|post|drv|range|struct|elem|byte|format|notnull|maybenull|reserved|typefix|success|readonly|valid|notvalid|control_entrypoint|data_entrypoint|analysis|kernel_driver|user_driver|internal_kernel_driver|possibly_notnullterminated|allocator|bound|exceptthat|refparam|on_failure|useHeader|inner|out_has_type_adt_props|drv_aliasesMem)(?:_|$)/;

const REPLACE = new Map<string, string>([
  ['CONST', 'const'],
  ['VOLATILE', 'volatile'],
]);

const CODE_SEG_MACROS = new Map<string, string>([
  ['PAGED_CODE_SEG', 'PAGE'],
  ['INIT_CODE_SEG', 'INIT'],
  ['PAGE_CODE_SEG', 'PAGE'],
  ['PAGEABLE_CODE_SEG', 'PAGE'],
]);

/** Every exactly-named word, one look-up. */
const EXACT = new Map<string, WordKind>();
for (const w of WORDS) EXACT.set(w, WordKind.Word);
for (const w of REPLACE.keys()) EXACT.set(w, WordKind.Replace);
for (const w of CODE_SEG_MACROS.keys()) EXACT.set(w, WordKind.CodeSegMacro);
EXACT.set('__declspec', WordKind.Declspec);
EXACT.set('__pragma', WordKind.WithArgs);
EXACT.set('_Pragma', WordKind.WithArgs);
EXACT.set('DECLSPEC_ALIGN', WordKind.DeclspecAlign);
EXACT.set('DECLSPEC_CACHEALIGN', WordKind.CacheAlign);

/** SAL prefixes by their first segment (`_In_reads_bytes_` → `_In_`), checked with startsWith. */
const SAL_BY_HEAD = new Map<string, string[]>();
for (const p of SAL_PREFIXES) {
  const head = p.slice(0, p.indexOf('_', 1) + 1);
  const list = SAL_BY_HEAD.get(head);
  if (list) list.push(p);
  else SAL_BY_HEAD.set(head, [p]);
}

export function codeSegOfMacro(name: string): string | undefined {
  return CODE_SEG_MACROS.get(name);
}

export function replacementOf(name: string): string | undefined {
  return REPLACE.get(name);
}

/** Classifies an identifier met in code. `local` holds the file's own attribute-like macros. */
export function classifyWord(w: string, local?: ReadonlyMap<string, WordKind>): WordKind {
  const exact = EXACT.get(w);
  if (exact !== undefined) return exact;
  const c0 = w.charCodeAt(0);
  if (c0 === 95 /* _ */) {
    const c1 = w.charCodeAt(1);
    if (c1 === 95) {
      if (LEGACY.test(w)) return WordKind.WithArgs;
      // MIDL's RPC annotations (rpcsal.h): `__RPC__in`, `__RPC__out_ecount_full(n)`; `__RPC_USER` etc.
      if (w.startsWith('__RPC__')) return WordKind.WithArgs;
      if (w.startsWith('__RPC_')) return WordKind.Word;
    } else if (c1 >= 65 && c1 <= 90 && w.length > 3 && w.charCodeAt(w.length - 1) === 95) {
      const second = w.indexOf('_', 1);
      const list = SAL_BY_HEAD.get(w.slice(0, second + 1));
      if (list) for (const p of list) if (w.startsWith(p)) return WordKind.WithArgs;
    }
  } else if (c0 === 68 /* D */ && w.startsWith('DECLSPEC_')) {
    return WordKind.WithArgs;
  }
  if (local !== undefined && local.size > 0) {
    const k = local.get(w);
    if (k !== undefined) return k;
  }
  return WordKind.None;
}

/**
 * Annotations worth remembering (re-attached to the function or parameter they precede):
 * IRQL, function class / dispatch type, floating-point state, lock/resource ownership.
 */
export function isRememberedAnnotation(name: string): boolean {
  if (name.startsWith('_IRQL_')) return true;
  if (name.startsWith('__drv_')) {
    return /irql/i.test(name) || name.startsWith('__drv_functionClass') || name.startsWith('__drv_dispatchType') ||
      name.startsWith('__drv_float') || name.startsWith('__drv_acquiresResource') || name.startsWith('__drv_releasesResource') ||
      name.startsWith('__drv_mustHold') || name.startsWith('__drv_neverHold') || name.startsWith('__drv_acquiresCancelSpinLock') ||
      name.startsWith('__drv_releasesCancelSpinLock');
  }
  return name === '_Function_class_' || name === '_Dispatch_type_' || name.startsWith('_Kernel_float_') ||
    name.startsWith('_Kernel_requires_') || name.startsWith('_Kernel_acquires_') || name.startsWith('_Kernel_releases_') ||
    name.startsWith('_Acquires_') || name.startsWith('_Releases_') || name.startsWith('_Requires_lock_') ||
    name === '_Use_decl_annotations_';
}
