// A generated driver source of a given length for the latency benchmark (deterministic).

/** Deterministic PRNG. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A plausible WDM/KMDF-style C file of about `targetLines` lines: structs, helpers, dispatch routines. */
export function generateDriver(targetLines: number): { text: string; functions: { name: string; line: number; column: number }[]; editLines: number[] } {
  const out: string[] = [];
  const functions: { name: string; line: number; column: number }[] = [];
  const editLines: number[] = [];
  const r = rng(7);
  out.push('// Generated driver for the StackLens latency benchmark.', '#include <ntddk.h>', '#include <wdf.h>', '');
  out.push('#define RING_SLOTS 64', '#define NAME_CHARS 128', "#define GEN_TAG 'neGG'", '');
  for (let i = 0; i < 24; i++) {
    out.push(`typedef struct _GEN_RECORD_${i} {`, '    LIST_ENTRY Link;', '    KSPIN_LOCK Lock;', `    ULONG Values[${4 + (i % 7) * 8}];`, '    PVOID Owner;');
    if (i % 5 === 0) out.push('#if DBG', `    UCHAR Trace[${64 * (i + 1)}];`, '#endif');
    out.push(`} GEN_RECORD_${i}, *PGEN_RECORD_${i};`, '');
  }
  out.push('DRIVER_DISPATCH GenDispatchRead;', 'DRIVER_DISPATCH GenDispatchWrite;', 'IO_COMPLETION_ROUTINE GenComplete;', '');
  let n = 0;
  while (out.length < targetLines - 40) {
    const name = `GenHelper${n}`;
    const rec = `GEN_RECORD_${n % 24}`;
    const callees = n > 0 ? [`GenHelper${Math.floor(r() * n)}`, `GenHelper${Math.max(0, n - 1)}`] : [];
    out.push(`static NTSTATUS ${name}(_In_ P${rec} record, _In_ ULONG count)`);
    functions.push({ name, line: out.length - 1, column: 'static NTSTATUS '.length });
    out.push('{', '    KIRQL oldIrql;', `    WCHAR name[${16 + (n % 9) * 16}];`, '    ULONG i;', '    NTSTATUS status = STATUS_SUCCESS;', '');
    out.push('    RtlZeroMemory(name, sizeof(name));', '    KeAcquireSpinLock(&record->Lock, &oldIrql);');
    out.push('    for (i = 0; i < count && i < RTL_NUMBER_OF(record->Values); i++) {', '        record->Values[i] += i;', '    }');
    out.push('    KeReleaseSpinLock(&record->Lock, oldIrql);');
    out.push('    switch (count % 3) {', '    case 0:');
    for (const c of callees) out.push(`        status = ${c}((P${`GEN_RECORD_${Number(c.slice(9)) % 24}`})record, count - 1);`);
    out.push('        break;', '    case 1:', '        status = STATUS_PENDING;', '        break;', '    default:');
    editLines.push(out.length);
    out.push('        status = STATUS_SUCCESS + 0;', '        break;', '    }', '    return status;', '}', '');
    n++;
  }
  out.push('_Use_decl_annotations_', 'NTSTATUS GenDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)', '{');
  functions.push({ name: 'GenDispatchRead', line: out.length - 2, column: 'NTSTATUS '.length });
  out.push('    UNREFERENCED_PARAMETER(DeviceObject);', `    NTSTATUS status = GenHelper${n - 1}((PGEN_RECORD_${(n - 1) % 24})Irp->AssociatedIrp.SystemBuffer, 8);`);
  out.push('    Irp->IoStatus.Status = status;', '    IoCompleteRequest(Irp, IO_NO_INCREMENT);', '    return status;', '}', '');
  return { text: out.join('\n'), functions, editLines };
}

