using ProcedureRegistry.Web.Features.DataExchange;

namespace ProcedureRegistry.IntegrationTests.Features.DataExchange;

/// <summary>The RFC 4180 reader alone (no database): quoting, line numbers across quoted line breaks, recovery after a bad record.</summary>
public sealed class CsvRecordReaderTests
{
    private static async Task<List<CsvRecord>> ReadAsync(string text)
    {
        var records = new List<CsvRecord>();
        await foreach (var record in new CsvRecordReader(new StringReader(text)).ReadAllAsync())
        {
            records.Add(record);
        }
        return records;
    }

    [Fact]
    public async Task Quoted_fields_keep_commas_quotes_and_line_breaks_and_lines_are_counted_physically()
    {
        var records = await ReadAsync("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\nlast,,end");

        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal(["last", "", "end"], records[2].Fields);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public async Task A_malformed_record_is_reported_and_the_next_line_is_still_read()
    {
        var records = await ReadAsync("h1,h2\nab\"c,d\n\"x\"y,z\nok,1\n\"open,2");

        Assert.Equal([1, 2, 3, 4, 5], records.Select(r => r.Line));
        Assert.Contains("quote appears inside an unquoted field", records[1].Error);
        Assert.Contains("text follows a closing quote", records[2].Error);
        Assert.Equal(["ok", "1"], records[3].Fields);
        Assert.Contains("never closed", records[4].Error);
    }
}
