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

/// <summary>Writes RFC 4180 records: a field is quoted when it holds a comma, a quote or a line break.</summary>
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
            await writer.WriteAsync(Escape(field ?? ""));
        }
        await writer.WriteAsync("\r\n");
    }

    public static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || field.StartsWith(' ') || field.EndsWith(' ')
            ? "\"" + field.Replace("\"", "\"\"") + "\""
            : field;
}
