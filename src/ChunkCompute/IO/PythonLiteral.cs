using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ChunkCompute.IO;

/// <summary>A Python tuple value from a <c>.npy</c> header (distinguished from a list, as NumPy requires a tuple shape).</summary>
internal sealed record PyTuple(IReadOnlyList<object?> Items);

/// <summary>A Python list value from a <c>.npy</c> header (a structured dtype descriptor).</summary>
internal sealed record PyList(IReadOnlyList<object?> Items);

/// <summary>
/// A small strict parser for the subset of Python literals that <c>.npy</c> headers use (NumPy reads them with
/// <c>ast.literal_eval</c>; we never evaluate anything). Accepted: dicts with string keys, tuples, lists, single- or
/// double-quoted strings (escapes <c>\\ \' \" \n \t \r \xNN</c>), decimal integers (optional sign; a trailing <c>L</c>
/// as Python 2 wrote), <c>True</c>, <c>False</c>, <c>None</c>, and whitespace between tokens.
/// </summary>
/// <remarks>
/// Every error is an <see cref="NpyFormatException"/> that names the character position. Nesting is limited to
/// <see cref="MaxDepth"/> levels and integers to 64 bits, so no input can exhaust the stack or allocate without bound
/// (the input itself is already capped by the header size limit).
/// </remarks>
internal ref struct PythonLiteral
{
    /// <summary>Deepest nesting of containers accepted.</summary>
    public const int MaxDepth = 16;

    private readonly string _text;
    private readonly long _baseOffset;
    private readonly string _source;
    private int _pos;

    private PythonLiteral(string text, long baseOffset, string source)
    {
        _text = text;
        _baseOffset = baseOffset;
        _source = source;
        _pos = 0;
    }

    /// <summary>
    /// Parses <paramref name="text"/> as one literal followed only by whitespace.
    /// <paramref name="baseOffset"/> is the file offset of character 0, used in error messages.
    /// </summary>
    public static object? Parse(string text, long baseOffset, string source)
    {
        var p = new PythonLiteral(text, baseOffset, source);
        p.SkipSpace();
        object? value = p.ParseValue(0);
        p.SkipSpace();
        if (p._pos != text.Length)
        {
            p.Fail($"unexpected text after the header dictionary: '{Excerpt(text, p._pos)}'");
        }

        return value;
    }

    private object? ParseValue(int depth)
    {
        if (depth > MaxDepth)
        {
            Fail($"header literal is nested deeper than {MaxDepth} levels");
        }

        if (_pos >= _text.Length)
        {
            Fail("header ends where a value was expected");
        }

        char c = _text[_pos];
        switch (c)
        {
            case '{':
                return ParseDict(depth);
            case '(':
                return ParseSequence(depth, ')', tuple: true);
            case '[':
                return ParseSequence(depth, ']', tuple: false);
            case '\'' or '"':
                return ParseString();
            case '-' or '+' or (>= '0' and <= '9'):
                return ParseInt();
            default:
                if (TryWord("True"))
                {
                    return true;
                }

                if (TryWord("False"))
                {
                    return false;
                }

                if (TryWord("None"))
                {
                    return null;
                }

                Fail($"unexpected character '{Printable(c)}' where a Python literal was expected");
                return null;
        }
    }

    private Dictionary<string, object?> ParseDict(int depth)
    {
        int open = _pos;
        _pos++; // '{'
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        SkipSpace();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                FailAt(open, "dictionary is not closed with '}'");
            }

            if (_text[_pos] == '}')
            {
                _pos++;
                return dict;
            }

            int keyPos = _pos;
            if (_text[_pos] is not ('\'' or '"'))
            {
                Fail($"dictionary key must be a string, found '{Excerpt(_text, _pos)}'");
            }

            string key = ParseString();
            SkipSpace();
            Expect(':');
            SkipSpace();
            object? value = ParseValue(depth + 1);
            if (!dict.TryAdd(key, value))
            {
                FailAt(keyPos, $"dictionary key '{key}' appears twice");
            }

            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == ',')
            {
                _pos++;
                SkipSpace();
            }
            else if (_pos < _text.Length && _text[_pos] != '}')
            {
                Fail($"expected ',' or '}}' in dictionary, found '{Printable(_text[_pos])}'");
            }
        }
    }

    private object? ParseSequence(int depth, char close, bool tuple)
    {
        int open = _pos;
        _pos++;
        var items = new List<object?>();
        bool sawComma = false;
        SkipSpace();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                FailAt(open, $"'{_text[open]}' is not closed with '{close}'");
            }

            if (_text[_pos] == close)
            {
                _pos++;
                break;
            }

            items.Add(ParseValue(depth + 1));
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == ',')
            {
                sawComma = true;
                _pos++;
                SkipSpace();
            }
            else if (_pos < _text.Length && _text[_pos] != close)
            {
                Fail($"expected ',' or '{close}', found '{Printable(_text[_pos])}'");
            }
        }

        if (tuple)
        {
            // Python: "(3)" is the int 3 (parentheses only group, as np.load reads them); "(3,)" and "()" are tuples.
            if (items.Count == 1 && !sawComma)
            {
                return items[0];
            }

            return new PyTuple(items);
        }

        return new PyList(items);
    }

    private string ParseString()
    {
        int start = _pos;
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                FailAt(start, "string literal is not terminated");
            }

            char c = _text[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                FailAt(start, "string literal is not terminated");
            }

            char e = _text[_pos++];
            switch (e)
            {
                case '\\' or '\'' or '"':
                    sb.Append(e);
                    break;
                case 'n':
                    sb.Append('\n');
                    break;
                case 't':
                    sb.Append('\t');
                    break;
                case 'r':
                    sb.Append('\r');
                    break;
                case 'x':
                    int code = 0;
                    if (_pos + 2 > _text.Length || !int.TryParse(_text.AsSpan(_pos, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                    {
                        FailAt(_pos - 2, "invalid \\x escape in string literal");
                    }

                    sb.Append((char)code);
                    _pos += 2;
                    break;
                default:
                    FailAt(_pos - 2, $"unsupported escape '\\{Printable(e)}' in string literal");
                    break;
            }
        }
    }

    private long ParseInt()
    {
        int start = _pos;
        bool negative = false;
        if (_text[_pos] is '-' or '+')
        {
            negative = _text[_pos] == '-';
            _pos++;
            SkipSpace();
        }

        int digitsStart = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        int digits = _pos - digitsStart;
        if (digits == 0)
        {
            FailAt(start, $"invalid number '{Excerpt(_text, start)}'");
        }

        if (digits > 1 && _text[digitsStart] == '0')
        {
            FailAt(start, $"integer literal with leading zeros '{_text[start.._pos]}'");
        }

        if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] is '.' or '_'))
        {
            if (_text[_pos] is 'L' or 'l' && (_pos + 1 >= _text.Length || !char.IsAsciiLetterOrDigit(_text[_pos + 1])))
            {
                _pos++; // Python 2 long suffix, as NumPy's _filter_header accepts
            }
            else
            {
                FailAt(start, $"not an integer literal: '{Excerpt(_text, start)}'");
            }
        }

        var span = _text.AsSpan(digitsStart, digits);
        if (!ulong.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out ulong magnitude) || magnitude > (negative ? 1UL << 63 : long.MaxValue))
        {
            FailAt(start, $"integer {(negative ? "-" : string.Empty)}{span} does not fit in 64 bits");
        }

        return negative ? (long)(0 - magnitude) : (long)magnitude;
    }

    private bool TryWord(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0
            && (_pos + word.Length >= _text.Length || !(char.IsAsciiLetterOrDigit(_text[_pos + word.Length]) || _text[_pos + word.Length] == '_')))
        {
            _pos += word.Length;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (_pos >= _text.Length || _text[_pos] != c)
        {
            Fail($"expected '{c}', found '{(_pos < _text.Length ? Excerpt(_text, _pos) : "end of header")}'");
        }

        _pos++;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
        {
            _pos++;
        }
    }

    [DoesNotReturn]
    private readonly void Fail(string message) => FailAt(_pos, message);

    [DoesNotReturn]
    private readonly void FailAt(int pos, string message) =>
        throw new NpyFormatException($"{_source}: invalid .npy header at byte {_baseOffset + pos}: {message}", _baseOffset + pos, "header");

    private static string Printable(char c) => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString();

    private static string Excerpt(string text, int pos)
    {
        var s = text.AsSpan(pos, Math.Min(20, text.Length - pos));
        var sb = new StringBuilder();
        foreach (char c in s)
        {
            sb.Append(Printable(c));
        }

        return sb.ToString();
    }
}

