using System;
using System.Text;

namespace NetGen.Generator;

/// <summary>An indentation-aware text writer for generated source (four spaces per level, \n line ends).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Line() => _builder.Append('\n');

    /// <summary>Writes <paramref name="text"/> at the current indentation; each of its lines is indented.</summary>
    public void Line(string text)
    {
        foreach (string line in text.Split('\n'))
        {
            if (line.Length > 0) _builder.Append(' ', _indent * 4).Append(line);
            _builder.Append('\n');
        }
    }

    /// <summary>Writes <c>{</c> and indents until the returned scope is disposed.</summary>
    public Block Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Block(this);
    }

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public override string ToString() => _builder.ToString();

    internal readonly struct Block : IDisposable
    {
        private readonly SourceWriter _writer;

        public Block(SourceWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line("}");
        }
    }
}
