using System.Text;

namespace Engine.Compiler.Parsing;

/// <summary>Builds JSON paths such as <c>$.Statement[2].Condition['aws:SourceIp']</c>.</summary>
public static class JsonPath
{
    /// <summary>The path of the document's root.</summary>
    public const string Root = "$";

    /// <summary>The path of member <paramref name="name"/> of the object at <paramref name="parent"/>.</summary>
    /// <param name="parent">The object's path.</param>
    /// <param name="name">The member name; quoted (<c>['a:b']</c>) unless it is letters, digits and underscores.</param>
    /// <returns>The member's path.</returns>
    public static string Member(string parent, string name)
    {
        if (IsPlainName(name))
        {
            return string.Concat(parent, ".", name);
        }

        var builder = new StringBuilder(parent.Length + name.Length + 4);
        builder.Append(parent).Append("['");
        foreach (char c in name)
        {
            if (c is '\'' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append("']").ToString();
    }

    /// <summary>The path of item <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    /// <param name="parent">The array's path.</param>
    /// <param name="index">The 0-based index.</param>
    /// <returns>The item's path.</returns>
    public static string Item(string parent, int index) => $"{parent}[{index}]";

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
