using System.Text;

namespace ProcedureRegistry.Web.Features.DataExchange;

/// <summary>One record of a CSV file: the physical line it starts on, its fields, or why it could not be read.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error);

/// <summary>
/// A small RFC 4180 reader over a <see cref="TextReader"/>, one record at a time (the file is never held whole):
/// comma-separated, fields optionally in double quotes, a quote inside a quoted field doubled, CRLF or LF line ends,
/// line breaks allowed inside quoted fields. A malformed record (a stray quote, text after a closing quote, an
/// unterminated quote) is reported with its line and skipped up to the end of its line, so the rest still gets read.
/// </summary>
public sealed class CsvRecordReader(TextReader reader)
{
    private int _line = 1;

    public async IAsyncEnumerable<CsvRecord> ReadAllAsync()
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var buffer = new char[8192];
        int length = 0, position = 0;

        async ValueTask<int> Next()
        {
            if (position == length)
            {
                length = await reader.ReadAsync(buffer);
                position = 0;
                if (length == 0)
                {
                    return -1;
                }
            }
            return buffer[position++];
        }

        async ValueTask<int> Peek()
        {
            if (position == length)
            {
                length = await reader.ReadAsync(buffer);
                position = 0;
                if (length == 0)
                {
                    return -1;
                }
            }
            return buffer[position];
        }

        while (true)
        {
            var start = _line;
            fields.Clear();
            field.Clear();
            string? error = null;
            var quoted = false;   // inside quotes now
            var wasQuoted = false; // this field was quoted (and closed)
            var atEnd = false;
            var any = false;

            while (true)
            {
                var c = await Next();
                if (c == -1)
                {
                    if (quoted)
                    {
                        error = "a quoted field is never closed (unterminated \")";
                    }
                    atEnd = true;
                    break;
                }
                any = true;
                var ch = (char)c;
                if (quoted)
                {
                    if (ch == '"')
                    {
                        if (await Peek() == '"')
                        {
                            await Next();
                            field.Append('"');
                        }
                        else
                        {
                            quoted = false;
                            wasQuoted = true;
                        }
                    }
                    else
                    {
                        if (ch == '\n')
                        {
                            _line++;
                        }
                        field.Append(ch);
                    }
                    continue;
                }
                if (ch == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                }
                else if (ch == '\r' || ch == '\n')
                {
                    if (ch == '\r' && await Peek() == '\n')
                    {
                        await Next();
                    }
                    _line++;
                    break;
                }
                else if (ch == '"')
                {
                    if (field.Length == 0 && !wasQuoted)
                    {
                        quoted = true;
                    }
                    else
                    {
                        error = wasQuoted
                            ? "text follows a closing quote (a quote inside a quoted field must be doubled: \"\")"
                            : "a quote appears inside an unquoted field (quote the whole field and double the inner quote)";
                        await SkipToEndOfLine();
                        break;
                    }
                }
                else if (wasQuoted)
                {
                    error = "text follows a closing quote (a quote inside a quoted field must be doubled: \"\")";
                    await SkipToEndOfLine();
                    break;
                }
                else
                {
                    field.Append(ch);
                }
            }

            if (!any && atEnd)
            {
                yield break;
            }
            fields.Add(field.ToString());
            var isBlank = error is null && fields.Count == 1 && fields[0].Length == 0;
            if (!isBlank)
            {
                yield return new CsvRecord(start, error is null ? [.. fields] : [], error);
            }
            if (atEnd)
            {
                yield break;
            }
        }

        async Task SkipToEndOfLine()
        {
            while (true)
            {
                var c = await Next();
                if (c == -1)
                {
                    return;
                }
                if (c == '\n')
                {
                    _line++;
                    return;
                }
                if (c == '\r')
                {
                    if (await Peek() == '\n')
                    {
                        await Next();
                    }
                    _line++;
                    return;
                }
            }
        }
    }
}

/// <summary>
/// Writes RFC 4180 records: a field is quoted when it holds a comma, a quote or a line break, and guarded against
/// formula injection (<see cref="CsvFormulaGuard"/>) first. Every CSV the app writes goes through <see cref="Field"/>.
/// </summary>
public static class CsvWriting
{
    public static async Task WriteRecordAsync(TextWriter writer, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                await writer.WriteAsync(',');
            }
            first = false;
            await writer.WriteAsync(Field(field));
        }
        await writer.WriteAsync("\r\n");
    }

    /// <summary>One field as it goes into the file: guarded, then quoted if needed; null is an empty field.</summary>
    public static string Field(string? value) => Escape(CsvFormulaGuard.Neutralise(value ?? ""));

    public static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || field.StartsWith(' ') || field.EndsWith(' ')
            ? "\"" + field.Replace("\"", "\"\"") + "\""
            : field;
}

/// <summary>
/// Keeps a spreadsheet from running a cell as a formula (CSV injection, OWASP): a text cell that starts with =, +, -,
/// @, a tab or a carriage return (after any apostrophes) is written with one more leading apostrophe, which
/// spreadsheets show as text; reading removes exactly that one apostrophe, so an export imports back unchanged
/// (a cell that already began with apostrophes keeps them). A plain number such as "-1.5" is not guarded: numbers
/// stay numbers (a number cannot run as a formula).
/// </summary>
public static class CsvFormulaGuard
{
    private static readonly System.Buffers.SearchValues<char> Triggers = System.Buffers.SearchValues.Create("=+-@\t\r");

    /// <summary>The cell to write: with one leading apostrophe added when a spreadsheet would read it as a formula.</summary>
    public static string Neutralise(string cell) => StartsLikeFormula(cell, 0) && !IsPlainNumber(cell) ? "'" + cell : cell;

    /// <summary>The cell as read: exactly what <see cref="Neutralise"/> added taken off again.</summary>
    public static string Restore(string cell) =>
        cell.StartsWith('\'') && StartsLikeFormula(cell, 1) && !IsPlainNumber(cell.AsSpan(1)) ? cell[1..] : cell;

    private static bool StartsLikeFormula(string cell, int from)
    {
        var i = from;
        while (i < cell.Length && cell[i] == '\'')
        {
            i++;
        }
        return i < cell.Length && Triggers.Contains(cell[i]);
    }

    /// <summary>An optional minus, digits, and optionally a point and more digits (how the exports write numbers).</summary>
    private static bool IsPlainNumber(ReadOnlySpan<char> cell)
    {
        if (cell.StartsWith("-"))
        {
            cell = cell[1..];
        }
        var point = cell.IndexOf('.');
        var whole = point < 0 ? cell : cell[..point];
        ReadOnlySpan<char> fraction = point < 0 ? "1" : cell[(point + 1)..];
        return whole.Length > 0 && fraction.Length > 0 && !whole.ContainsAnyExceptInRange('0', '9') && !fraction.ContainsAnyExceptInRange('0', '9');
    }
}

/// <summary>
/// Passes a stream through while checking that it is UTF-8, counting physical lines and characters as the bytes go by.
/// At the first invalid byte it stops (reads return 0 from there on, so nothing after it is parsed) and records where
/// it was: a Latin-1 file is refused naming its line and column instead of being read with U+FFFD in place of
/// its accents. (The first bytes of a character split across two reads are handed on before the rest shows them to be
/// bad; the import reads nothing of the file after the error, so that does not matter.) A byte order mark is valid
/// UTF-8 and is left for the <see cref="StreamReader"/> to drop.
/// </summary>
public sealed class Utf8CheckingStream(Stream inner) : Stream
{
    private readonly byte[] _partial = new byte[4]; // a character split across two reads
    private int _partialLength;
    private int _line = 1, _column = 1;

    /// <summary>Where the first invalid byte was (line and column of its character, both from 1), or null.</summary>
    public (int Line, int Column, byte Byte)? Invalid { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Invalid is not null)
        {
            return 0;
        }
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Check(buffer.Span[..read], final: read == 0);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (Invalid is not null)
        {
            return 0;
        }
        var read = inner.Read(buffer, offset, count);
        return Check(buffer.AsSpan(offset, read), final: read == 0);
    }

    /// <summary>Checks the bytes just read; returns how many of them to hand on (those before an invalid byte).</summary>
    private int Check(ReadOnlySpan<byte> bytes, bool final)
    {
        var position = 0;
        while (_partialLength > 0 && position < bytes.Length)
        {
            _partial[_partialLength++] = bytes[position++];
            var status = System.Text.Rune.DecodeFromUtf8(_partial.AsSpan(0, _partialLength), out _, out var used);
            if (status == System.Buffers.OperationStatus.Done && used == _partialLength)
            {
                _partialLength = 0;
                _column++;
            }
            else if (status != System.Buffers.OperationStatus.NeedMoreData || _partialLength == 4)
            {
                return Fail(_partial[0], 0);
            }
        }
        while (position < bytes.Length)
        {
            var b = bytes[position];
            if (b < 0x80)
            {
                (_line, _column) = b == '\n' ? (_line + 1, 1) : (_line, _column + 1);
                position++;
                continue;
            }
            var status = System.Text.Rune.DecodeFromUtf8(bytes[position..], out var rune, out var used);
            if (status == System.Buffers.OperationStatus.Done)
            {
                position += used;
                var byteOrderMark = rune.Value == 0xFEFF && _line == 1 && _column == 1;
                _column += byteOrderMark ? 0 : 1;
            }
            else if (status == System.Buffers.OperationStatus.NeedMoreData)
            {
                bytes[position..].CopyTo(_partial);
                _partialLength = bytes.Length - position;
                return bytes.Length;
            }
            else
            {
                return Fail(b, position);
            }
        }
        return final && _partialLength > 0 ? Fail(_partial[0], 0) : bytes.Length;
    }

    private int Fail(byte b, int handOn)
    {
        Invalid = (_line, _column, b);
        return handOn;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
