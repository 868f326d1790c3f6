using Engine.Compiler.Model;

namespace Engine.Bundles;

/// <summary>A policy name as written in the manifest, with where it was written.</summary>
/// <param name="Name">The policy's name (its file name in <c>policies/</c> without <c>.json</c>).</param>
/// <param name="Path">The JSON path of the name in <c>bundle.json</c>.</param>
/// <param name="Location">The line and column of the name.</param>
internal readonly record struct PolicyReference(string Name, string Path, SourceLocation Location);
