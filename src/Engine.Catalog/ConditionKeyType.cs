namespace Engine.Catalog;

/// <summary>The type of a condition key, as the IAM documentation gives it.</summary>
public enum ConditionKeyType
{
    /// <summary><c>String</c>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "AWS's name for the type; the style names things as AWS spells them.")]
    String,

    /// <summary><c>ARN</c>.</summary>
    Arn,

    /// <summary><c>Bool</c>.</summary>
    Bool,

    /// <summary><c>Date</c>.</summary>
    Date,

    /// <summary><c>Numeric</c>.</summary>
    Numeric,

    /// <summary><c>IPAddress</c>.</summary>
    IPAddress,

    /// <summary><c>ArrayOfString</c>: a multivalued key.</summary>
    ArrayOfString,

    /// <summary><c>ArrayOfARN</c>: a multivalued key.</summary>
    ArrayOfArn,

    /// <summary><c>ArrayOfBool</c>: a multivalued key.</summary>
    ArrayOfBool,

    /// <summary><c>ArrayOfNumeric</c>: a multivalued key.</summary>
    ArrayOfNumeric,

    /// <summary><c>ArrayOfDate</c>: a multivalued key.</summary>
    ArrayOfDate,

    /// <summary><c>ArrayOfIPAddress</c>: a multivalued key.</summary>
    ArrayOfIPAddress,
}
