namespace Engine.Compiler.Diagnostics;

/// <summary>The stable codes of policy errors (iam-semantics.md §2.9).</summary>
public enum PolicyErrorCode
{
    /// <summary>The text is not JSON, or its top level is not an object.</summary>
    InvalidJson,

    /// <summary>An object repeats a member name.</summary>
    DuplicateMember,

    /// <summary>A member name not allowed at that place (including wrong case).</summary>
    UnknownElement,

    /// <summary><c>Version</c> is not <c>2012-10-17</c> or <c>2008-10-17</c>.</summary>
    InvalidVersion,

    /// <summary>No <c>Statement</c>, or <c>Statement: null</c>.</summary>
    MissingStatement,

    /// <summary>A value of the wrong JSON type.</summary>
    InvalidType,

    /// <summary>A statement without <c>Effect</c>.</summary>
    MissingEffect,

    /// <summary>An <c>Effect</c> other than exactly <c>Allow</c> or <c>Deny</c>.</summary>
    InvalidEffect,

    /// <summary>A statement with neither <c>Action</c> nor <c>NotAction</c>.</summary>
    MissingAction,

    /// <summary>A statement with both <c>Action</c> and <c>NotAction</c>.</summary>
    ConflictingAction,

    /// <summary>A statement with neither <c>Resource</c> nor <c>NotResource</c> where one is required.</summary>
    MissingResource,

    /// <summary>A statement with both <c>Resource</c> and <c>NotResource</c>.</summary>
    ConflictingResource,

    /// <summary>A statement with neither <c>Principal</c> nor <c>NotPrincipal</c> where one is required.</summary>
    MissingPrincipal,

    /// <summary>A statement with both <c>Principal</c> and <c>NotPrincipal</c>.</summary>
    ConflictingPrincipal,

    /// <summary>A principal in a policy type that must not name one (§2.5).</summary>
    PrincipalNotAllowed,

    /// <summary>A principal string other than <c>*</c>, an unknown principal type, or an empty map.</summary>
    InvalidPrincipal,

    /// <summary>An action entry that is not <c>*</c> and not <c>prefix:name</c>.</summary>
    InvalidAction,

    /// <summary>An unknown condition operator, or a prefix or <c>IfExists</c> on <c>Null</c>.</summary>
    InvalidConditionOperator,

    /// <summary>A condition key without a <c>prefix:</c>.</summary>
    InvalidConditionKey,

    /// <summary>An empty array where values are required.</summary>
    EmptyArray,

    /// <summary>A rule specific to resource control policies (§2.5).</summary>
    RcpRule,

    /// <summary>A rule specific to service control policies (§2.5).</summary>
    ScpRule,
}
