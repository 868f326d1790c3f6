using Engine.Compiler;

namespace Engine.Host.Cli;

/// <summary>Reads the <c>--engine</c> option.</summary>
internal static class EngineOption
{
    public static EngineKind Parse(string? text) => text switch
    {
        null or "compiled" => EngineKind.Compiled,
        "reference" => EngineKind.Reference,
        "compiled-interpreted" => EngineKind.CompiledInterpreted,
        "compiled-matcher" => EngineKind.CompiledMatcher,
        _ => throw new UsageException($"unknown engine `{text}`; use reference, compiled, compiled-interpreted or compiled-matcher"),
    };
}
