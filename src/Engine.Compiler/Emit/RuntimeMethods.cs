using System.Reflection;
using Engine.Runtime.Conditions;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

/// <summary>
/// The runtime methods that emitted expression trees call, bound once by <c>nameof</c> so a
/// renamed runtime method fails here, at type initialisation, and no compile looks a method up by name.
/// </summary>
internal static class RuntimeMethods
{
    /// <summary><see cref="ResourceMatching.IsMatch"/>(pattern, request) → bool.</summary>
    public static readonly MethodInfo ResourceIsMatch = Static(typeof(ResourceMatching), nameof(ResourceMatching.IsMatch));

    /// <summary><see cref="ResourceMatching.IsMatchUnremembered"/>(pattern, request) → bool.</summary>
    public static readonly MethodInfo ResourceIsMatchUnremembered = Static(typeof(ResourceMatching), nameof(ResourceMatching.IsMatchUnremembered));

    /// <summary><see cref="ResourceMatching.IsExactMatch"/>(request, literal) → bool.</summary>
    public static readonly MethodInfo ResourceIsExactMatch = Static(typeof(ResourceMatching), nameof(ResourceMatching.IsExactMatch));

    /// <summary><see cref="ResourceMatching.IsPrefixMatch"/>(request, prefix) → bool.</summary>
    public static readonly MethodInfo ResourceIsPrefixMatch = Static(typeof(ResourceMatching), nameof(ResourceMatching.IsPrefixMatch));

    /// <summary><see cref="ResourceMatching.IsSuffixMatch"/>(request, suffix) → bool.</summary>
    public static readonly MethodInfo ResourceIsSuffixMatch = Static(typeof(ResourceMatching), nameof(ResourceMatching.IsSuffixMatch));

    /// <summary><see cref="ResourceMatching.IsPrefixSuffixMatch"/>(request, prefix, suffix) → bool.</summary>
    public static readonly MethodInfo ResourceIsPrefixSuffixMatch = Static(typeof(ResourceMatching), nameof(ResourceMatching.IsPrefixSuffixMatch));

    /// <summary><see cref="ResourceMatching.IsOneInfixMatch"/>(request, prefix, infix, suffix) → bool.</summary>
    public static readonly MethodInfo ResourceIsOneInfixMatch = Static(typeof(ResourceMatching), nameof(ResourceMatching.IsOneInfixMatch));

    /// <summary><see cref="ResourceMatching.MatchTemplate"/>(template, request) → 1, 0 or unresolved.</summary>
    public static readonly MethodInfo ResourceMatchTemplate = Static(typeof(ResourceMatching), nameof(ResourceMatching.MatchTemplate));

    /// <summary><see cref="ResourceMatching.MatchSuffix"/>(template, request) → 1, 0 or unresolved.</summary>
    public static readonly MethodInfo ResourceMatchSuffix = Static(typeof(ResourceMatching), nameof(ResourceMatching.MatchSuffix));

    /// <summary><see cref="CompiledCondition.IsSatisfied"/>(request) on any condition family.</summary>
    public static readonly MethodInfo ConditionIsSatisfied = Instance(typeof(CompiledCondition), nameof(CompiledCondition.IsSatisfied));

    /// <summary><see cref="CompiledCondition.IsSatisfiedUnremembered"/>(request) on any condition family.</summary>
    public static readonly MethodInfo ConditionIsSatisfiedUnremembered = Instance(typeof(CompiledCondition), nameof(CompiledCondition.IsSatisfiedUnremembered));

    /// <summary><see cref="NullCondition.IsSatisfied"/>(request).</summary>
    public static readonly MethodInfo NullIsSatisfied = Instance(typeof(NullCondition), nameof(NullCondition.IsSatisfied));

    private static MethodInfo Static(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
        ?? throw new MissingMethodException(type.FullName, name);

    private static MethodInfo Instance(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance)
        ?? throw new MissingMethodException(type.FullName, name);
}
