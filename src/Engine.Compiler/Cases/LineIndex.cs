using Engine.Compiler.Model;

namespace Engine.Compiler.Cases;

/// <summary>Maps byte offsets of a UTF-8 text to 1-based line and column (columns count characters).</summary>
internal sealed class LineIndex
{
    private readonly List<int> _lineStarts = [0];
    private readonly byte[] _text;

    public LineIndex(ReadOnlySpan<byte> utf8)
    {
        _text = utf8.ToArray();
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public SourceLocation Locate(int offset)
    {
        int line = _lineStarts.BinarySearch(offset);
        line = line >= 0 ? line : ~line - 1;
        int column = 1;
        for (int i = _lineStarts[line]; i < offset && i < _text.Length; i++)
        {
            // Count characters, not bytes: UTF-8 continuation bytes look like 10xxxxxx.
            column += (_text[i] & 0xC0) == 0x80 ? 0 : 1;
        }

        return new SourceLocation(line + 1, column);
    }
}
