using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.DataExchange;
using static ProcedureRegistry.IntegrationTests.Features.DataExchange.ImportExportCsvTests;

namespace ProcedureRegistry.IntegrationTests.Features.DataExchange;

/// <summary>The app with a 1 MB import cap, so an oversized upload is cheap to send.</summary>
public sealed class SmallUploadFixture : AppFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [ImportUploadLimitAttribute.Setting] = "1",
    };
}

/// <summary>Issue 10, finding 13: the import's upload cap (a setting) and one import per clinic at a time.</summary>
public sealed class ImportLimitsTests(SmallUploadFixture app) : IClassFixture<SmallUploadFixture>
{
    private static readonly string PatientHeader = string.Join(",", CsvFormats.PatientColumns);

    private static string Patients(string prefix, int count)
    {
        var csv = new StringBuilder(PatientHeader + "\n");
        for (var i = 0; i < count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{prefix}-{i},Family{i},Given{i},1960-01-01,Female,,,false,None,Europe/Paris\n");
        }
        return csv.ToString();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upload_over_the_cap_gets_a_clear_413_page_and_nothing_is_written(bool chunked)
    {
        var code = chunked ? "BIGC" : "BIG";
        var clinicId = await app.ClinicAsync(code);
        var clinician = await app.ClinicianAsync(code);
        var token = Html.AntiforgeryToken(await clinician.GetStringAsync("/data"));
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Patients("B", 30_000))); // about 1.9 MB
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(clinicId.ToString(CultureInfo.InvariantCulture)), "ClinicId" },
            { file, "Patients", "patients.csv" },
        };

        var response = await clinician.PostAsync("/data/import", chunked ? new UnknownLength(form) : form);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("The upload is larger than the import accepts (1 MB in all)", page);
        Assert.Contains("raise Import:MaxUploadMegabytes", page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(await db.Patients.AnyAsync(p => p.ClinicId == clinicId));

        var (status, small) = await ImportAsync(clinician, clinicId, Patients("S", 100));
        Assert.True(status == HttpStatusCode.OK, small);
    }

    [Fact]
    public async Task A_second_import_into_a_clinic_while_one_runs_is_refused_and_the_first_completes()
    {
        var clinicId = await app.ClinicAsync("LOCK");
        var clinician = await app.ClinicianAsync("LOCK");
        var other = await app.ClinicianAsync("LOCK");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var hold = await connection.BeginTransactionAsync();
        // Holding the clinic row keeps the first import waiting at its first patient insert (the foreign key's share
        // lock), with its advisory lock on the clinic already taken.
        await Sql.ScalarAsync(connection, $"SELECT id FROM clinics WHERE id = {clinicId} FOR UPDATE", hold);

        var first = ImportAsync(clinician, clinicId, Patients("A", 50));
        var waited = TimeSpan.Zero;
        while (!await ImportHoldsLockAsync(clinicId))
        {
            Assert.False(first.IsCompleted, first.IsCompleted ? (await first).Page : "");
            Assert.True(waited < TimeSpan.FromSeconds(20), "the first import never took its lock");
            await Task.Delay(50);
            waited += TimeSpan.FromMilliseconds(50);
        }

        var (status, page) = await ImportAsync(other, clinicId, Patients("B", 5));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Another import into this clinic is running", page);

        await hold.RollbackAsync();
        var (firstStatus, firstPage) = await first;
        Assert.True(firstStatus == HttpStatusCode.OK, firstPage);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(50, await db.Patients.CountAsync(p => p.ClinicId == clinicId));
        Assert.False(await db.Patients.AnyAsync(p => p.ClinicId == clinicId && p.Mrn.StartsWith("B-")));

        // Once the first has finished, the clinic takes imports again.
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(other, clinicId, Patients("C", 5))).Status);
    }

    private async Task<bool> ImportHoldsLockAsync(int clinicId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        return (long)(await Sql.ScalarAsync(connection,
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = {ImportCsv.ImportLockSpace} AND objid = {clinicId} AND objsubid = 2"))! == 1;
    }

    /// <summary>The same body without a declared length, as a chunked upload sends it.</summary>
    private sealed class UnknownLength : HttpContent
    {
        private readonly HttpContent _inner;

        public UnknownLength(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
