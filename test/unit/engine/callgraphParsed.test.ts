// The call graph over summaries from the real parser: C statics vs externs across files, C++
// methods (out-of-line definitions, this-> calls, implicit member calls, object calls).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, parseSource } from '../../../server/src/analysis/parse/index';
import { buildCallGraph } from '../../../server/src/analysis/callgraph/callgraph';

test('C: a static helper in each file, an extern one shared, a DDI left external', async () => {
  await initParser();
  const a = parseSource(
    `#include <wdm.h>
static VOID LogEvent(ULONG code) { DbgPrint("a %u", code); }
NTSTATUS QueueStart(PDEVICE_OBJECT dev) { LogEvent(1); return CommonValidate(dev); }
`,
    '/drv/queue.c',
  );
  const b = parseSource(
    `#include <wdm.h>
static VOID LogEvent(ULONG code) { DbgPrint("b %u", code); }
NTSTATUS CommonValidate(PDEVICE_OBJECT dev) { LogEvent(2); return dev ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER; }
NTSTATUS PowerStart(PDEVICE_OBJECT dev) { LogEvent(3); return CommonValidate(dev); }
`,
    '/drv/power.c',
  );
  const g = buildCallGraph([a, b]);
  const to = (key: string) => g.callees(key).map((e) => e.to);
  assert.deepEqual(to('/drv/queue.c#QueueStart'), ['/drv/queue.c#LogEvent', '/drv/power.c#CommonValidate']);
  assert.deepEqual(to('/drv/power.c#PowerStart'), ['/drv/power.c#LogEvent', '/drv/power.c#CommonValidate']);
  // The DbgPrint calls (no definition in the workspace) are external, not edges.
  assert.ok(g.resolution.external >= 2);
});

test('C++: out-of-line methods, this-> and implicit member calls, calls through objects', async () => {
  await initParser();
  const s = parseSource(
    `#include <ntddk.h>
class Queue {
public:
    NTSTATUS Start();
    NTSTATUS Drain(ULONG n);
    void Log(ULONG n);
};
class Device {
public:
    NTSTATUS Start();
    Queue* m_queue;
};
void Queue::Log(ULONG n) { DbgPrint("%u", n); }
NTSTATUS Queue::Drain(ULONG n) { Log(n); return n ? Drain(n - 1) : STATUS_SUCCESS; }
NTSTATUS Queue::Start() { this->Log(0); return Drain(4); }
NTSTATUS Device::Start() { return m_queue->Start(); }
NTSTATUS Restart(Queue* q, Device& d) { Queue local; local.Log(1); d.Start(); return q->Start(); }
class Other { public: NTSTATUS Start(); };
NTSTATUS Other::Start() { return STATUS_SUCCESS; }
NTSTATUS Untyped(PCALLBACKS cb) { return cb->Start(); }
`,
    '/drv/device.cpp',
  );
  const g = buildCallGraph([s]);
  const to = (key: string) => g.callees(key).map((e) => e.to.split('#')[1]);
  assert.deepEqual(to('/drv/device.cpp#Queue::Drain'), ['Queue::Log', 'Queue::Drain']);
  assert.deepEqual(to('/drv/device.cpp#Queue::Start'), ['Queue::Log', 'Queue::Drain']);
  // `m_queue` is a `Queue*` member of Device: the call is Queue::Start, not a recursion.
  assert.deepEqual(to('/drv/device.cpp#Device::Start'), ['Queue::Start']);
  // Receivers typed by locals and parameters; an untyped receiver keeps every other class's method.
  assert.deepEqual(to('/drv/device.cpp#Restart'), ['Queue::Log', 'Device::Start', 'Queue::Start']);
  assert.deepEqual(to('/drv/device.cpp#Untyped').sort(), ['Device::Start', 'Other::Start', 'Queue::Start']);
  assert.deepEqual(g.recursiveComponents.map((c) => c.map((k) => k.split('#')[1])), [['Queue::Drain']]);
});
