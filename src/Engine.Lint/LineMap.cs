using System.Text;

namespace Engine.Lint;

/// <summary>Turns byte offsets of a UTF-8 document into line, column and character offset.</summary>
internal sealed class LineMap
{
    private readonly byte[] _text;
    private readonly List<int> _lineStarts = [0];
    private readonly bool _ascii;

    public LineMap(byte[] text)
    {
        _text = text;
        _ascii = true;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
            else if (text[i] >= 0x80)
            {
                _ascii = false;
            }
        }
    }

    public SourcePosition At(int byteOffset)
    {
        int line = _lineStarts.BinarySearch(byteOffset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        int offset = Chars(0, byteOffset);
        int column = offset - Chars(0, _lineStarts[line]);
        return new SourcePosition(line + 1, column, offset);
    }

    /// <summary>The position of a 1-based line and column (the compiler's convention).</summary>
    public SourcePosition FromLineColumn(int line, int column)
    {
        int index = Math.Clamp(line - 1, 0, _lineStarts.Count - 1);
        int lineStart = Chars(0, _lineStarts[index]);
        return new SourcePosition(index + 1, Math.Max(column - 1, 0), lineStart + Math.Max(column - 1, 0));
    }

    private int Chars(int from, int to) => _ascii ? to - from : Encoding.UTF8.GetCharCount(_text.AsSpan(from, Math.Min(to, _text.Length) - from));
}
