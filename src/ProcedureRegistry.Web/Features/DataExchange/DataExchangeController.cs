using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Features.Patients;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.DataExchange;

[Route("data"), Requires(Capability.EditPatients)]
public sealed class DataExchangeController(IMediator mediator) : Controller
{
    public sealed class ImportForm
    {
        public int ClinicId { get; set; }
        public IFormFile? Patients { get; set; }
        public IFormFile? Procedures { get; set; }
        public IFormFile? PainScores { get; set; }
    }

    public sealed record PageModel(IReadOnlyList<ListMyClinics.Item> Clinics, Result<ImportCsv.Summary>? Import, int? ClinicId);

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var clinics = await mediator.Send(new ListMyClinics.Query());
        return this.WhenSucceeded(clinics, mine => View(new PageModel(mine, null, null)));
    }

    [HttpPost("import"), ImportUploadLimit]
    public async Task<IActionResult> Import(ImportForm form)
    {
        await using var patients = Open(form.Patients);
        await using var procedures = Open(form.Procedures);
        await using var painScores = Open(form.PainScores);
        var command = new ImportCsv.Command
        {
            ClinicId = form.ClinicId,
            Patients = patients,
            Procedures = procedures,
            PainScores = painScores,
        };
        // The command comes back with the clinics for the form, whatever its outcome.
        var result = await mediator.Send(command);
        return this.OutcomePage(result, nameof(Index), new PageModel(command.Clinics, result, form.ClinicId));
    }

    [HttpGet("export/{clinicId:int}/{file}")]
    public async Task<IActionResult> Export(int clinicId, string file)
    {
        ExportFile? kind = file switch
        {
            CsvFormats.PatientsFile => ExportFile.Patients,
            CsvFormats.ProceduresFile => ExportFile.Procedures,
            CsvFormats.PainScoresFile => ExportFile.PainScores,
            _ => null,
        };
        if (kind is null)
        {
            return NotFound();
        }
        var result = await mediator.Send(new ExportCsv.Query(clinicId, kind.Value));
        return await this.WhenSucceeded(result, async export =>
        {
            Response.ContentType = "text/csv; charset=utf-8";
            Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = export.FileName }.ToString();
            Response.Headers.CacheControl = "no-store";
            await export.WriteAsync(Response.Body, HttpContext.RequestAborted);
            return new EmptyResult();
        });
    }

    private static Stream? Open(IFormFile? file) => file is { Length: > 0 } ? file.OpenReadStream() : null;
}
