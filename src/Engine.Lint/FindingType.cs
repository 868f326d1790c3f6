namespace Engine.Lint;

/// <summary>How serious a finding is, as Access Analyzer grades them; ordered from most to least serious.</summary>
public enum FindingType
{
    /// <summary>Part of the policy does not work: AWS would reject it, or it can never match.</summary>
    Error,

    /// <summary>The policy grants more than it appears to.</summary>
    SecurityWarning,

    /// <summary>It works but is not good practice.</summary>
    Warning,

    /// <summary>No effect on access: style or simplification.</summary>
    Suggestion,
}
