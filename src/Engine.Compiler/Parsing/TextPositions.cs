using Engine.Compiler.Model;

namespace Engine.Compiler.Parsing;

/// <summary>
/// Turns byte offsets of a UTF-8 text into 1-based lines and character columns, shifted by the
/// text's origin inside a larger file. Offsets are asked for in increasing order while the tree is
/// read, so a forward cursor makes the whole pass linear even for one very long line.
/// </summary>
internal sealed class TextPositions
{
    private readonly SourceLocation _origin;
    private int _index;
    private int _line;
    private int _column;

    public TextPositions(SourceLocation origin)
    {
        // default(SourceLocation) means "the text starts the file".
        _origin = origin.Line <= 0 || origin.Column <= 0 ? new SourceLocation(1, 1) : origin;
    }

    /// <summary>The location of the byte at <paramref name="byteIndex"/>.</summary>
    public SourceLocation At(ReadOnlySpan<byte> text, int byteIndex)
    {
        if (byteIndex < _index)
        {
            _index = 0;
            _line = 0;
            _column = 0;
        }

        int end = Math.Min(byteIndex, text.Length);
        for (int i = _index; i < end; i++)
        {
            byte b = text[i];
            if (b == (byte)'\n')
            {
                _line++;
                _column = 0;
            }
            else if ((b & 0xC0) != 0x80)
            {
                // Only lead bytes start a character; continuation bytes (10xxxxxx) do not.
                _column++;
            }
        }

        _index = Math.Max(end, 0);
        return Translate(_line, _column);
    }

    /// <summary>The byte offset of a 0-based line and 0-based byte offset in that line (as JsonException reports them).</summary>
    public static int ByteIndexOf(ReadOnlySpan<byte> text, long line, long byteInLine)
    {
        int index = 0;
        for (long l = 0; l < line && index < text.Length; index++)
        {
            if (text[index] == (byte)'\n')
            {
                l++;
            }
        }

        return (int)Math.Min(index + byteInLine, text.Length);
    }

    private SourceLocation Translate(int line, int column) =>
        line == 0 ? new SourceLocation(_origin.Line, _origin.Column + column) : new SourceLocation(_origin.Line + line, column + 1);
}
