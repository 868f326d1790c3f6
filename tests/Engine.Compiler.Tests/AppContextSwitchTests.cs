namespace Engine.Compiler.Tests;

/// <summary>
/// Tests that set a process-wide AppContext switch (the compiler reads them as it compiles): their
/// collection runs after the parallel ones, alone, so no other test sees the switch set.
/// </summary>
[CollectionDefinition(nameof(AppContextSwitchTests), DisableParallelization = true)]
public sealed class AppContextSwitchTests;
