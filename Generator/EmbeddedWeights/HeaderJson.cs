using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Generator;

/// <summary>
/// A small JSON reader for safetensors headers (the generator targets netstandard2.0, whose compiler host offers no JSON
/// library): objects become lists of name-value pairs in file order (so a name given twice can be reported), arrays
/// lists, strings strings, numbers <see cref="Number"/>, true/false bools, null null. Strict RFC 8259, no comments;
/// trailing spaces (safetensors pads its header with them) are allowed, anything else after the value is not.
/// </summary>
internal sealed class HeaderJson
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _position;

    private HeaderJson(string text) => _text = text;

    /// <summary>A number as written, so integers of any size are judged by the caller, not rounded here.</summary>
    internal sealed record Number(string Text);

    /// <summary>Parses <paramref name="text"/>; on invalid JSON returns null with <paramref name="error"/> saying what and where.</summary>
    public static object? Parse(string text, out string? error)
    {
        var reader = new HeaderJson(text);
        try
        {
            object? value = reader.Value(0);
            reader.SkipWhitespace();
            if (reader._position < text.Length) throw reader.Fail("content after the JSON value");
            error = null;
            return value;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private object? Value(int depth)
    {
        if (depth > MaxDepth) throw Fail($"nesting deeper than {MaxDepth}");
        SkipWhitespace();
        if (_position >= _text.Length) throw Fail("it ends where a value should be");
        char c = _text[_position];
        switch (c)
        {
            case '{': return Object(depth);
            case '[': return Array(depth);
            case '"': return String();
            case 't': Literal("true"); return true;
            case 'f': Literal("false"); return false;
            case 'n': Literal("null"); return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return NumberValue();
                throw Fail($"unexpected '{Printable(c)}'");
        }
    }

    private List<KeyValuePair<string, object?>> Object(int depth)
    {
        var members = new List<KeyValuePair<string, object?>>();
        _position++;
        SkipWhitespace();
        if (Peek() == '}') { _position++; return members; }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"') throw Fail("expected a member name in quotes");
            string name = String();
            SkipWhitespace();
            Expect(':');
            members.Add(new KeyValuePair<string, object?>(name, Value(depth + 1)));
            SkipWhitespace();
            if (Peek() == ',') { _position++; continue; }
            Expect('}');
            return members;
        }
    }

    private List<object?> Array(int depth)
    {
        var items = new List<object?>();
        _position++;
        SkipWhitespace();
        if (Peek() == ']') { _position++; return items; }
        while (true)
        {
            items.Add(Value(depth + 1));
            SkipWhitespace();
            if (Peek() == ',') { _position++; continue; }
            Expect(']');
            return items;
        }
    }

    private string String()
    {
        _position++; // the opening quote
        var value = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length) throw Fail("a string is not closed");
            char c = _text[_position++];
            if (c == '"') return value.ToString();
            if (c < ' ') throw Fail("a control character inside a string");
            if (c != '\\') { value.Append(c); continue; }
            if (_position >= _text.Length) throw Fail("a string is not closed");
            char escape = _text[_position++];
            switch (escape)
            {
                case '"': case '\\': case '/': value.Append(escape); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'u':
                    if (_position + 4 > _text.Length || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                        throw Fail("a \\u escape needs four hexadecimal digits");
                    value.Append((char)code);
                    _position += 4;
                    break;
                default: throw Fail($"unknown escape '\\{Printable(escape)}'");
            }
        }
    }

    private Number NumberValue()
    {
        int start = _position;
        if (Peek() == '-') _position++;
        if (Peek() == '0') _position++;
        else if (!Digits()) throw Fail("a number needs digits");
        if (Peek() == '.') { _position++; if (!Digits()) throw Fail("a number needs digits after '.'"); }
        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-') _position++;
            if (!Digits()) throw Fail("a number needs digits in its exponent");
        }
        return new Number(_text.Substring(start, _position - start));
    }

    private bool Digits()
    {
        int start = _position;
        while (Peek() is >= '0' and <= '9') _position++;
        return _position > start;
    }

    private void Literal(string word)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0) throw Fail($"expected '{word}'");
        _position += word.Length;
    }

    private void Expect(char c)
    {
        if (Peek() != c) throw Fail(_position >= _text.Length ? $"it ends where '{c}' should be" : $"expected '{c}', found '{Printable(_text[_position])}'");
        _position++;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r') _position++;
    }

    private FormatException Fail(string what) => new($"{what} at character {_position}");

    private static string Printable(char c) => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString();
}
