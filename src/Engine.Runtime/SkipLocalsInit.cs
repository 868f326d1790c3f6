// PERF: the JIT zeroes a method's stack frame in its prologue when locals are initialised
// (.locals init), and CompiledPolicySet.Evaluate — the only method every decision runs, with
// its inlined helpers' structs — zeroed 240 bytes that way before each decision. Every local
// here is definitely assigned before it is read (C# guarantees it for safe code), and no
// stackalloc'd buffer of this assembly is read before it is written (ActionTrie, ArnGlob,
// BinaryLiteral, IpAddressValue), so nothing depends on the zeroing. Locals holding object
// references are still zeroed: the GC needs them.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
