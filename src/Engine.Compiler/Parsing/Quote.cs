using System.Text;

namespace Engine.Compiler.Parsing;

/// <summary>Formats user input for error messages: in backticks, long text shortened.</summary>
public static class Quote
{
    private const int MaxLength = 80;

    /// <summary><c>`text`</c>, cut to 80 characters with an ellipsis, control characters shown as spaces.</summary>
    /// <param name="text">The user's text.</param>
    /// <returns>The quoted text.</returns>
    public static string User(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength) + 3);
        builder.Append('`');
        for (int i = 0; i < text.Length && i < MaxLength; i++)
        {
            char c = text[i];
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        if (text.Length > MaxLength)
        {
            builder.Append('…');
        }

        return builder.Append('`').ToString();
    }
}
