using Engine.Compiler.Model;

namespace Engine.Gateway.Mapping;

/// <summary>The result of mapping one HTTP request.</summary>
/// <param name="Status">Whether it became a question.</param>
/// <param name="Principal">The principal found, or null.</param>
/// <param name="Query">The question, when <paramref name="Status"/> is <see cref="MappingStatus.Mapped"/>.</param>
public sealed record MappedRequest(MappingStatus Status, string? Principal, AuthorizationQuery? Query);
